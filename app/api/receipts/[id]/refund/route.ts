// POST /api/receipts/:id/refund – a refund (возврат прихода) of a fiscalised receipt (admins and support; idempotent).
import { nudgeDrain } from "@/lib/fiscal/nudge";
import { toReceiptView } from "@/lib/fiscal/receipt-view";
import { startRefund } from "@/lib/fiscal/start-receipt";
import { withSession } from "@/lib/http/handlers";

export const runtime = "nodejs";
export const maxDuration = 60;

export const POST = withSession<{ id: string }>(async ({ db, user, portal, params }) => {
  const refund = await startRefund(db, { user, portal }, params.id);
  nudgeDrain();
  return Response.json({ item: toReceiptView(refund) }, { status: 201 });
});
