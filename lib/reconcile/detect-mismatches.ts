// Reconciliation of CRM payments, our receipts, their fiscal documents and the clocks (issue 5). Pure: the service
// loads a period's payments, receipts and clock samples, calls this, and upserts by `key`.
//
// Per payment: receipt_vs_payment (money the receipts moved ≠ the CRM sum), double_receipt (a fiscalised receipt
// beyond the sum — an advance + its offset is not one, the offset moves no money), missing_receipt (paid, nothing
// fiscalised after the grace period), day_boundary (the receipt's fiscal day or shift ≠ the payment's, portal zone).
// Per receipt: fiscal_vs_receipt, items_vs_payments. Per deal: advance_without_offset.
// Each record's cause comes from classifyCause (see its order of precedence).

import { isValidZone } from "./calendar";
import { buildContext } from "./rules/context";
import { dayBoundary } from "./rules/day-boundary";
import { advancesWithoutOffset, missingReceipt } from "./rules/presence";
import { doubleReceipts, fiscalVsReceipt, itemsVsPayments, receiptVsPayment } from "./rules/sums";
import type { ClockSample, Mismatch, ReconcileContext, ReconcilePayment, ReconcileReceipt } from "./types";

export function detectMismatches(
  payments: readonly ReconcilePayment[],
  receipts: readonly ReconcileReceipt[],
  clocks: readonly ClockSample[],
  ctx: ReconcileContext,
): Mismatch[] {
  if (!isValidZone(ctx.portalZone)) throw new RangeError(`detectMismatches: unknown time zone ${JSON.stringify(ctx.portalZone)}`);
  const rc = buildContext(payments, receipts, clocks, ctx);
  const out: Mismatch[] = [];
  const add = (m: Mismatch | null) => {
    if (m) out.push(m);
  };

  for (const p of rc.payments) {
    const pr = rc.paymentReceipts(p);
    add(receiptVsPayment(rc, p, pr));
    out.push(...doubleReceipts(rc, p, pr));
    add(missingReceipt(rc, p));
    add(dayBoundary(rc, p, pr));
  }
  for (const r of rc.receipts) {
    add(fiscalVsReceipt(rc, r));
    add(itemsVsPayments(rc, r));
  }
  out.push(...advancesWithoutOffset(rc));

  return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}
