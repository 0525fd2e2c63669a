// Sum rules: receipt ≠ CRM payment, fiscal total ≠ receipt, items ≠ payments, and two fiscalised receipts for one
// payment. Pure.

import { mulDivRound } from "@/lib/receipts/money";
import { dayKey } from "../calendar";
import type { Mismatch, ReconcilePayment, ReconcileReceipt } from "../types";
import {
  ADVANCE_KINDS,
  computedItemsKop,
  deliveryLinesKop,
  finish,
  isFiscalised,
  iso,
  mismatchDay,
  moneyKop,
  roundingToleranceKop,
  type PaymentReceipts,
  type RuleContext,
} from "./context";

/** The 22 % rate (and 22/122) applies from this portal-zone day (425-ФЗ; providers §2.1). */
export const VAT_22_FROM_DAY = "2026-01-01";
const VAT22 = new Set(["vat22", "vat122"]);

/**
 * The delta a 20 % → 22 % switch explains: the payment was priced in 2025 (created, or paid, before 1 January 2026)
 * and the receipt is dated in 2026 with 22 % lines — each such line would have been line × 120/122 at the old rate.
 */
function vatChange(rc: RuleContext, p: ReconcilePayment, receipts: readonly ReconcileReceipt[]) {
  const zone = rc.ctx.portalZone;
  const pricedAt = p.createdAt ?? p.datePaid;
  if (pricedAt === null || pricedAt === undefined || dayKey(pricedAt, zone) >= VAT_22_FROM_DAY) return null;
  let deltaKop = 0;
  for (const r of receipts) {
    if (dayKey(r.fiscal?.fiscalAt ?? r.acceptedAt, zone) < VAT_22_FROM_DAY) continue;
    for (const i of r.items) if (VAT22.has(i.vat)) deltaKop += i.sumKop - mulDivRound(i.sumKop, 120, 122);
  }
  return deltaKop ? { deltaKop, pricedDay: dayKey(pricedAt, zone), rateFrom: VAT_22_FROM_DAY } : null;
}

function dealPayments(rc: RuleContext, p: ReconcilePayment) {
  const list = p.dealId !== null ? (rc.paymentsByDeal.get(p.dealId) ?? []) : [];
  return list.map((q) => ({ paymentId: q.paymentId, sumKop: q.sumKop, paid: q.paid }));
}

export function receiptVsPayment(rc: RuleContext, p: ReconcilePayment, pr: PaymentReceipts): Mismatch | null {
  if (!p.paid || !pr.sales.length) return null;
  const expected = p.sumKop;
  const actual = pr.moneyKop;
  if (actual === expected) return null;
  const involved = pr.counted.length ? pr.counted : pr.sales;
  const items = involved.flatMap((r) => r.items);
  const delivery = deliveryLinesKop(items);

  const deal = dealPayments(rc, p);
  const others = deal.filter((q) => q.paymentId !== p.paymentId);
  const dealTotal = deal.reduce((s, q) => s + q.sumKop, 0);
  const dealPaid = deal.reduce((s, q) => (q.paid ? s + q.sumKop : s), 0);
  const partialPayment = deal.length >= 2 && (actual === dealTotal || actual === dealPaid || others.some((q) => q.sumKop === actual));

  // An offset is the only receipt: it moved no money, yet the CRM shows this payment paid. If the advance it settles
  // was receipted for another payment of the deal, the CRM counted the same money twice (providers §5.4 item 5).
  let settledAdvances: string[] = [];
  if (!pr.counted.length && pr.sales.some((r) => r.kind === "offset")) {
    const dealId = p.dealId ?? rc.dealOf(pr.sales[0]!);
    const pool = dealId !== null ? (rc.byDeal.get(dealId) ?? []) : [];
    settledAdvances = pool.filter((r) => ADVANCE_KINDS.has(r.kind) && isFiscalised(r) && moneyKop(r) > 0 && r.paymentId !== p.paymentId).map((r) => r.id);
  }
  const vat = vatChange(rc, p, involved);

  return finish(rc, {
    key: `receipt_vs_payment:p${p.paymentId}`,
    kind: "receipt_vs_payment",
    receiptIds: involved.map((r) => r.id),
    paymentId: p.paymentId,
    dealId: p.dealId,
    expectedKop: expected,
    actualKop: actual,
    facts: {
      roundingToleranceKop: roundingToleranceKop(items),
      deliveryDeltaKop: delivery > 0 && !p.deliveryKop ? delivery : !delivery && p.deliveryKop ? -p.deliveryKop : null,
      discountDeltaKop: p.discountKop ? p.discountKop : null,
      grossKop: actual > expected ? actual : null,
      vatChangeDeltaKop: vat?.deltaKop ?? null,
      partialPayment,
      offsetDoubleCount: settledAdvances.length > 0,
    },
    evidence: {
      paymentSumKop: expected,
      receiptMoneyKop: actual,
      receipts: involved.map((r) => ({ id: r.id, kind: r.kind, totalKop: r.totalKop, moneyKop: moneyKop(r), status: r.status })),
      deliveryLinesKop: delivery,
      crmDeliveryKop: p.deliveryKop ?? null,
      crmDiscountKop: p.discountKop ?? null,
      dealPayments: deal,
      settledAdvanceReceiptIds: settledAdvances,
      vatChange: vat,
    },
    day: mismatchDay(rc, p, pr.primary ?? involved[0]),
  });
}

/** One record per extra fiscalised receipt, so a third copy is a new record and the second keeps its key. */
export function doubleReceipts(rc: RuleContext, p: ReconcilePayment, pr: PaymentReceipts): Mismatch[] {
  const first = pr.counted.find(isFiscalised);
  if (!first) return [];
  return pr.extras.map((extra) => {
    const firstTrue = rc.fiscalCorrection(first)?.trueAt ?? first.fiscal!.fiscalAt;
    // Sent while the first was still waiting in the queue, and the first waited longer than the threshold.
    const sentWhilePending = extra.acceptedAt < firstTrue;
    const firstQueueMs = firstTrue - first.acceptedAt;
    const errors = [first, extra].filter((r) => r.lastError).map((r) => ({ id: r.id, lastError: r.lastError }));
    return finish(rc, {
      key: `double_receipt:p${p.paymentId}:r${extra.id}`,
      kind: "double_receipt",
      receiptIds: [first.id, extra.id],
      paymentId: p.paymentId,
      dealId: p.dealId,
      expectedKop: p.sumKop,
      actualKop: pr.moneyKop + moneyKop(extra),
      facts: { providerFailure: errors.length > 0, queueMs: sentWhilePending ? firstQueueMs : null },
      evidence: {
        first: { id: first.id, kind: first.kind, acceptedAt: iso(first.acceptedAt), fiscalAt: iso(first.fiscal!.fiscalAt), fiscalDocNumber: first.fiscal!.fiscalDocNumber },
        extra: { id: extra.id, kind: extra.kind, acceptedAt: iso(extra.acceptedAt), fiscalAt: iso(extra.fiscal!.fiscalAt), fiscalDocNumber: extra.fiscal!.fiscalDocNumber },
        sentWhileFirstPending: sentWhilePending,
        firstQueueMs,
        providerErrors: errors,
      },
      day: mismatchDay(rc, p, first),
    });
  });
}

export function fiscalVsReceipt(rc: RuleContext, r: ReconcileReceipt): Mismatch | null {
  if (!isFiscalised(r)) return null;
  const fiscalTotal = r.fiscalTotalKop ?? r.fiscal!.totalKop;
  if (fiscalTotal === undefined || fiscalTotal === r.totalKop) return null;
  const delivery = deliveryLinesKop(r.items);
  const sharedWith = (rc.fiscalDocs.get(`${r.fiscal!.fnNumber}:${r.fiscal!.fiscalDocNumber}`) ?? []).filter((id) => id !== r.id);
  const p = r.paymentId !== null ? rc.paymentById.get(r.paymentId) : undefined;
  return finish(rc, {
    key: `fiscal_vs_receipt:r${r.id}`,
    kind: "fiscal_vs_receipt",
    receiptIds: [r.id],
    paymentId: r.paymentId,
    dealId: rc.dealOf(r),
    expectedKop: r.totalKop,
    actualKop: fiscalTotal,
    facts: {
      // The provider answered with another receipt's document, or a document without money.
      providerFailure: sharedWith.length > 0 || fiscalTotal <= 0,
      roundingToleranceKop: roundingToleranceKop(r.items),
      droppedKopecks: r.totalKop > 0 && fiscalTotal === Math.floor(r.totalKop / 100) * 100,
      deliveryDeltaKop: delivery > 0 ? -delivery : null,
    },
    evidence: {
      receiptTotalKop: r.totalKop,
      fiscalTotalKop: fiscalTotal,
      computedItemsKop: computedItemsKop(r.items),
      deliveryLinesKop: delivery,
      fiscalDoc: { fnNumber: r.fiscal!.fnNumber, fiscalDocNumber: r.fiscal!.fiscalDocNumber, fiscalAtRaw: r.fiscal!.fiscalAtRaw },
      sameDocumentAs: sharedWith,
    },
    day: mismatchDay(rc, p, r),
  });
}

export function itemsVsPayments(rc: RuleContext, r: ReconcileReceipt): Mismatch | null {
  const paymentsKop = r.payments.reduce((s, x) => s + x.sumKop, 0);
  const itemsKop = computedItemsKop(r.items);
  if (itemsKop === paymentsKop) return null;
  const delivery = deliveryLinesKop(r.items);
  const p = r.paymentId !== null ? rc.paymentById.get(r.paymentId) : undefined;
  const lines = r.items
    .map((i, index) => ({ index, name: i.name, priceKop: i.priceKop, quantityMilli: i.quantityMilli, declaredSumKop: i.sumKop, computedSumKop: mulDivRound(i.priceKop, i.quantityMilli, 1000) }))
    .filter((l) => l.declaredSumKop !== l.computedSumKop);
  return finish(rc, {
    key: `items_vs_payments:r${r.id}`,
    kind: "items_vs_payments",
    receiptIds: [r.id],
    paymentId: r.paymentId,
    dealId: rc.dealOf(r),
    expectedKop: paymentsKop,
    actualKop: itemsKop,
    facts: {
      roundingToleranceKop: roundingToleranceKop(r.items),
      deliveryDeltaKop: delivery > 0 ? delivery : null,
      discountDeltaKop: p?.discountKop ? p.discountKop : null,
      grossKop: itemsKop > paymentsKop ? itemsKop : null,
    },
    evidence: { itemsKop, paymentsKop, declaredItemsKop: r.items.reduce((s, i) => s + i.sumKop, 0), linesPriceTimesQuantityDiffer: lines, deliveryLinesKop: delivery, crmDiscountKop: p?.discountKop ?? null },
    day: mismatchDay(rc, p, r),
  });
}
