// POST /api/receipts/:id/resend – send a failed receipt again as a new fiscal attempt (admins and support).
import { nudgeDrain } from "@/lib/fiscal/nudge";
import { toReceiptView } from "@/lib/fiscal/receipt-view";
import { resendReceipt } from "@/lib/fiscal/start-receipt";
import { withSession } from "@/lib/http/handlers";

export const runtime = "nodejs";
export const maxDuration = 60;

export const POST = withSession<{ id: string }>(async ({ db, user, portal, params }) => {
  const item = await resendReceipt(db, { user, portal }, params.id);
  nudgeDrain();
  return Response.json({ item: toReceiptView(item) });
});
