// GET /api/receipts/:id – (admins and support) one receipt of the user's portal with its trail of provider and Bitrix24 calls.
import { getReceipt } from "@/lib/db/queries/receipts";
import { receiptWithTrail } from "@/lib/fiscal/receipt-view";
import { AppError } from "@/lib/http/errors";
import { withConsole } from "@/lib/support/with-console";

export const runtime = "nodejs";

export const GET = withConsole<{ id: string }>(async ({ db, portal, params }) => {
  const receipt = await getReceipt(db, { portalId: portal.id, id: params.id });
  if (!receipt) throw new AppError("not_found", "Чек не найден");
  return Response.json({ item: await receiptWithTrail(db, receipt) });
});
