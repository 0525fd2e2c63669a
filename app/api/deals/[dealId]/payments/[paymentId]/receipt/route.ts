// POST /api/deals/:dealId/payments/:paymentId/receipt – fiscalise a paid payment (full) or its advance offset (admins).
import { createPaymentReceipt } from "@/lib/deals/payment-receipt";
import { dealPaymentParams, paymentReceiptBody } from "@/lib/deals/schemas";
import { nudgeDrain } from "@/lib/fiscal/nudge";
import { toReceiptView } from "@/lib/fiscal/receipt-view";
import { readJson, withSession } from "@/lib/http/handlers";

export const runtime = "nodejs";
export const maxDuration = 60;

export const POST = withSession<{ dealId: string; paymentId: string }>(async ({ req, db, user, portal, params }) => {
  const { dealId, paymentId } = dealPaymentParams.parse(params);
  const { kind } = paymentReceiptBody.parse(await readJson(req));
  const item = await createPaymentReceipt(db, { user, portal }, dealId, paymentId, kind);
  nudgeDrain();
  return Response.json({ item: toReceiptView(item) }, { status: 201 });
});
