// Presence rules: a paid payment with no receipt after the grace period, and an advance with no offset receipt. Pure.

import type { Mismatch, ReconcilePayment, ReconcileReceipt } from "../types";
import {
  ADVANCE_KINDS,
  SALE_KINDS,
  advancePartKop,
  clockEvidence,
  finish,
  isBroken,
  isFiscalised,
  isPending,
  iso,
  mismatchDay,
  moneyKop,
  receiptOrder,
  type RuleContext,
} from "./context";

export function missingReceipt(rc: RuleContext, p: ReconcilePayment): Mismatch | null {
  if (!p.paid || p.receiptsExpected === false) return null;
  const { now, graceMs } = rc.ctx;
  // A correction receipt issued for the payment settles it as well as a sale receipt would.
  const linked = (rc.byPayment.get(p.paymentId) ?? []).filter((r) => SALE_KINDS.has(r.kind) || r.kind === "correction");
  if (linked.some(isFiscalised)) return null;

  // The portal's clock says when it was paid; undo its measured skew before comparing with our clock.
  const portal = p.datePaid !== null ? rc.portalCorrection(p.datePaid) : null;
  const ageMs = portal ? now - portal.trueAt : null;
  if (ageMs !== null && ageMs <= graceMs) return null;

  const pending = linked.filter(isPending);
  const broken = linked.filter(isBroken);
  const pendingMs = pending.length ? now - Math.min(...pending.map((r) => r.acceptedAt)) : null;
  if (pendingMs !== null && pendingMs <= rc.thresholds.queueDelayMs && !broken.length) return null; // on its way

  const dealPayments = p.dealId !== null ? (rc.paymentsByDeal.get(p.dealId) ?? []) : [];
  const candidates = (rc.unlinkedByTotal.get(p.sumKop) ?? []).map((r) => r.id);
  return finish(rc, {
    key: `missing_receipt:p${p.paymentId}`,
    kind: "missing_receipt",
    receiptIds: linked.map((r) => r.id),
    paymentId: p.paymentId,
    dealId: p.dealId,
    expectedKop: p.sumKop,
    actualKop: 0,
    facts: {
      providerFailure: broken.length > 0,
      queueMs: pendingMs,
      // Bitrix24 prints nothing by itself for an order with several payments (market pain 1).
      partialPayment: linked.length === 0 && dealPayments.length >= 2,
    },
    evidence: {
      paidAtPortalClock: iso(p.datePaid),
      paidAtOurClock: iso(portal?.trueAt),
      portalClock: portal ? clockEvidence(portal.sample, portal.parts) : null,
      ageMs,
      graceMs,
      pending: pending.map((r) => ({ id: r.id, status: r.status, acceptedAt: iso(r.acceptedAt) })),
      pendingMs,
      failed: broken.map((r) => ({ id: r.id, status: r.status, lastError: r.lastError ?? null })),
      dealPaymentIds: dealPayments.map((q) => q.paymentId),
      unmatchedReceiptsWithSameSum: candidates,
    },
    day: mismatchDay(rc, p),
  });
}

/** Per deal (or per advance receipt without a deal): advances fiscalised, not yet settled by offset receipts. */
export function advancesWithoutOffset(rc: RuleContext): Mismatch[] {
  const groups = new Map<string, { dealId: number | null; receipts: ReconcileReceipt[] }>();
  for (const r of rc.receipts) {
    const dealId = rc.dealOf(r);
    const key = dealId !== null ? `d${dealId}` : `r${r.id}`;
    const g = groups.get(key) ?? { dealId, receipts: [] };
    g.receipts.push(r);
    groups.set(key, g);
  }
  const out: Mismatch[] = [];
  const { now } = rc.ctx;
  for (const [groupKey, g] of groups) {
    const advances = g.receipts.filter((r) => ADVANCE_KINDS.has(r.kind) && isFiscalised(r) && moneyKop(r) > 0).sort(receiptOrder);
    if (!advances.length) continue;
    const offsets = g.receipts.filter((r) => r.kind === "offset");
    const advanceKop = advances.reduce((s, r) => s + moneyKop(r), 0);
    // Settled by offset receipts (their advance part), or given back: an advance refunded needs no offset.
    const refundedKop = g.receipts.filter((r) => r.kind === "refund" && isFiscalised(r)).reduce((s, r) => s + r.totalKop, 0);
    const coveredKop = offsets.filter(isFiscalised).reduce((s, r) => s + advancePartKop(r), 0) + refundedKop;
    if (coveredKop >= advanceKop) continue;

    const first = advances[0]!;
    const firstAt = rc.fiscalCorrection(first)?.trueAt ?? first.acceptedAt;
    if (now - firstAt <= rc.thresholds.offsetDueMs) continue;
    const pending = offsets.filter(isPending);
    const broken = offsets.filter(isBroken);
    const pendingMs = pending.length ? now - Math.min(...pending.map((r) => r.acceptedAt)) : null;
    if (pendingMs !== null && pendingMs <= rc.thresholds.queueDelayMs && !broken.length) continue; // the offset is on its way

    const dealPayments = g.dealId !== null ? (rc.paymentsByDeal.get(g.dealId) ?? []) : [];
    const unpaid = dealPayments.filter((q) => !q.paid && q.sumKop > 0);
    const payment = first.paymentId !== null ? rc.paymentById.get(first.paymentId) : undefined;
    out.push(
      finish(rc, {
        key: `advance_without_offset:${groupKey}`,
        kind: "advance_without_offset",
        receiptIds: [...advances, ...offsets].map((r) => r.id),
        paymentId: first.paymentId,
        dealId: g.dealId,
        expectedKop: advanceKop,
        actualKop: coveredKop,
        facts: {
          providerFailure: broken.length > 0,
          queueMs: pendingMs,
          // The deal is not paid in full yet: the goods (and the offset) usually wait for the rest.
          partialPayment: unpaid.length > 0,
        },
        evidence: {
          advances: advances.map((r) => ({ id: r.id, kind: r.kind, moneyKop: moneyKop(r), fiscalAt: iso(r.fiscal!.fiscalAt) })),
          offsets: offsets.map((r) => ({ id: r.id, status: r.status, advancePartKop: advancePartKop(r), lastError: r.lastError ?? null })),
          refundedKop,
          advanceAgeMs: now - firstAt,
          pendingMs,
          unpaidPayments: unpaid.map((q) => ({ paymentId: q.paymentId, sumKop: q.sumKop })),
        },
        day: mismatchDay(rc, payment, first),
      }),
    );
  }
  return out;
}
