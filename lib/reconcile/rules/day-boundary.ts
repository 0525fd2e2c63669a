// A receipt fiscalised on another day (or shift) than its payment, in the portal's zone: the classic reason daily
// totals of the CRM and of the cashbox differ while every sum is right. The clocks say why. Pure.

import { MOSCOW_ZONE, boundaryBetween, dayKey, localDateTime } from "../calendar";
import type { Mismatch, ReconcilePayment } from "../types";
import { clockEvidence, finish, iso, mismatchDay, type PaymentReceipts, type RuleContext } from "./context";

export function dayBoundary(rc: RuleContext, p: ReconcilePayment, pr: PaymentReceipts): Mismatch | null {
  const r = pr.primary;
  if (p.datePaid === null || !r?.fiscal) return null;
  const zone = rc.ctx.portalZone;
  const shift = rc.ctx.shiftStartMinutes ?? 0;
  const paidAt = p.datePaid;
  const fiscalAt = r.fiscal.fiscalAt;
  const boundary = boundaryBetween(paidAt, fiscalAt, zone, shift);
  if (boundary === "none") return null;

  const portal = rc.portalCorrection(paidAt);
  const fiscal = rc.fiscalCorrection(r)!;
  const zoneShiftMs = fiscal.parts?.zoneShiftMs ?? 0;
  const gapMs = fiscal.trueAt - portal.trueAt;
  const day = {
    sameAfterZoneFix: boundaryBetween(paidAt, fiscal.zoneFixed, zone, shift) === "none",
    sameAfterClockFix: boundaryBetween(portal.trueAt, fiscal.trueAt, zone, shift) === "none",
    // Only a calendar split can be the zone's doing; a shift change within one day is not.
    sameMoscowDay: dayKey(portal.trueAt, zone) !== dayKey(fiscal.trueAt, zone) && dayKey(portal.trueAt, MOSCOW_ZONE) === dayKey(fiscal.trueAt, MOSCOW_ZONE),
    zoneShiftMs,
    skewMs: portal.skewMs + fiscal.skewMs,
    gapMs,
  };
  return finish(rc, {
    key: `day_boundary:p${p.paymentId}:r${r.id}`,
    kind: "day_boundary",
    receiptIds: [r.id],
    paymentId: p.paymentId,
    dealId: p.dealId,
    // Not a sum error: the amounts are compared by receipt_vs_payment; here they are shown for the daily totals.
    expectedKop: p.sumKop,
    actualKop: pr.moneyKop,
    facts: { day, queueMs: fiscal.trueAt - r.acceptedAt },
    evidence: {
      boundary,
      portalZone: zone,
      shiftStartMinutes: shift || null,
      payment: { at: iso(paidAt), local: localDateTime(paidAt, zone), day: dayKey(paidAt, zone) },
      receipt: {
        fiscalAt: iso(fiscalAt),
        fiscalAtRaw: r.fiscal.fiscalAtRaw,
        local: localDateTime(fiscalAt, zone),
        day: dayKey(fiscalAt, zone),
        acceptedAt: iso(r.acceptedAt),
        bitrixCreatedAt: iso(r.bitrixCreatedAt),
      },
      // The explaining offsets: the fiscal drive's (or provider's) clock split into zone and skew, and the portal's.
      fiscalClock: clockEvidence(fiscal.sample, fiscal.parts),
      portalClock: clockEvidence(portal.sample, portal.parts),
      zone: fiscal.parts?.zone ?? null,
      zoneShiftMs,
      corrected: {
        paymentAt: iso(portal.trueAt),
        fiscalAt: iso(fiscal.trueAt),
        paymentLocal: localDateTime(portal.trueAt, zone),
        fiscalLocal: localDateTime(fiscal.trueAt, zone),
        gapMs,
      },
      moscow: { paymentDay: dayKey(portal.trueAt, MOSCOW_ZONE), fiscalDay: dayKey(fiscal.trueAt, MOSCOW_ZONE) },
      queueMs: fiscal.trueAt - r.acceptedAt,
      bitrixDelayMs: r.bitrixCreatedAt !== null ? r.bitrixCreatedAt - paidAt : null,
    },
    day: mismatchDay(rc, p, r),
  });
}
