// GET /api/receipts/:id – one receipt of the user's portal with its trail of provider and Bitrix24 calls.
import { getReceipt } from "@/lib/db/queries/receipts";
import { receiptWithTrail } from "@/lib/fiscal/receipt-view";
import { AppError } from "@/lib/http/errors";
import { withSession } from "@/lib/http/handlers";

export const runtime = "nodejs";

export const GET = withSession<{ id: string }>(async ({ db, portal, params }) => {
  const receipt = await getReceipt(db, { portalId: portal.id, id: params.id });
  if (!receipt) throw new AppError("not_found", "Чек не найден");
  return Response.json({ item: await receiptWithTrail(db, receipt) });
});
