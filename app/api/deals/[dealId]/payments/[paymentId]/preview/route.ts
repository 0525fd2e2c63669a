// POST /api/deals/:dealId/payments/:paymentId/preview – what the receipt for this payment would hold (admins).
import { planPaymentReceipt } from "@/lib/deals/payment-receipt";
import { dealPaymentParams, paymentReceiptBody } from "@/lib/deals/schemas";
import { readJson, withSession } from "@/lib/http/handlers";

export const runtime = "nodejs";

export const POST = withSession<{ dealId: string; paymentId: string }>(async ({ req, db, user, portal, params }) => {
  const { dealId, paymentId } = dealPaymentParams.parse(params);
  const { kind } = paymentReceiptBody.parse(await readJson(req));
  const { receipt, warnings } = await planPaymentReceipt(db, { user, portal }, dealId, paymentId, kind);
  return Response.json({
    preview: {
      items: receipt.items.map((i) => ({ name: i.name, quantity: i.quantityMilli / 1000, priceKop: i.priceKop, sumKop: i.sumKop, vat: i.vat })),
      payments: receipt.payments,
      totalKop: receipt.totalKop,
      warnings,
    },
  });
});
