// Why a mismatch happened, chosen from the facts the detector gathered. Pure.
//
// Order of precedence (first cause whose test holds, among the causes the kind allows):
//   1. provider_failure               — a recorded fact: the provider refused, timed out, or answered with another document.
//   2. prepayment_offset_double_count — document structure: the only receipt of a paid payment is an offset of an
//                                       advance already receipted for another payment (the CRM counted the money twice).
//   3. partial_payment                — document structure: the deal has several payments and the amount is one of them,
//                                       their total, or the rest still unpaid.
//   4. delivery_line                  — exact arithmetic: the delta equals a delivery line.
//   5. undistributed_discount         — exact arithmetic: the delta equals the order discount, or a whole percent.
//   6. vat_rate_change                — exact arithmetic: the delta equals recomputing the 20 %/22 % lines at the other
//                                       rate, and the pair straddles 1 January 2026; beyond rounding noise.
//   7. rounding_per_line              — tolerance: |delta| within what per-line rounding can produce, or the fiscal total
//                                       is the receipt total with its kopecks dropped (тег 1020 allows it).
//   8. time_zone                      — clocks, exact: a whole-zone shift moves the receipt onto the payment's day, or
//                                       the pair is on one Moscow day (the cashbox's day) and promptly printed.
//   9. clock_skew                     — clocks, measured: correcting a skewed clock moves them onto one day, or the
//                                       receipt is dated before its payment by more than the skew threshold.
//  10. queue_delay                    — our own timestamps: waited longer than the threshold, or a receipt printed after
//                                       its payment simply crossed midnight / the shift change.
//  11. unknown.
// Facts recorded by us beat inferences; exact explanations beat tolerances; a zone (whole hours, exact) beats a skew
// (measured, ± uncertainty), which beats the plain passage of time.

import type { MismatchCause, MismatchKind, ReconcileThresholds } from "./types";

export const CAUSE_PRECEDENCE: readonly MismatchCause[] = [
  "provider_failure",
  "prepayment_offset_double_count",
  "partial_payment",
  "delivery_line",
  "undistributed_discount",
  "vat_rate_change",
  "rounding_per_line",
  "time_zone",
  "clock_skew",
  "queue_delay",
  "unknown",
];

/** Which causes can explain which kind (a rounding error cannot move a receipt to another day). */
export const CAUSES_BY_KIND: Readonly<Record<MismatchKind, readonly MismatchCause[]>> = {
  receipt_vs_payment: ["prepayment_offset_double_count", "partial_payment", "delivery_line", "undistributed_discount", "vat_rate_change", "rounding_per_line", "unknown"],
  fiscal_vs_receipt: ["provider_failure", "delivery_line", "rounding_per_line", "unknown"],
  items_vs_payments: ["delivery_line", "undistributed_discount", "rounding_per_line", "unknown"],
  missing_receipt: ["provider_failure", "partial_payment", "queue_delay", "unknown"],
  double_receipt: ["provider_failure", "queue_delay", "unknown"],
  day_boundary: ["time_zone", "clock_skew", "queue_delay", "unknown"],
  advance_without_offset: ["provider_failure", "partial_payment", "queue_delay", "unknown"],
};

/** Where a payment and its receipt fall, in the portal's days, before and after correcting the clocks. */
export interface DayFacts {
  /** Same portal day/shift once only the zone part of the fiscal clock's offset is undone. */
  sameAfterZoneFix: boolean;
  /** Same portal day/shift once the zone part and any significant skew (portal and fiscal) are undone. */
  sameAfterClockFix: boolean;
  /** After correction: different calendar days in the portal's zone, one calendar day in Moscow (the day of the cashbox's and OFD's reports). */
  sameMoscowDay: boolean;
  zoneShiftMs: number;
  /** Total significant skew undone (portal + fiscal), ms. */
  skewMs: number;
  /** Corrected fiscal time − corrected payment time. */
  gapMs: number;
}

export interface CauseFacts {
  /** actual − expected, kopecks. */
  deltaKop: number;
  /** The largest drift per-line rounding can produce for the receipt(s) involved. */
  roundingToleranceKop?: number;
  /** The fiscal total is the receipt total with its kopecks dropped. */
  droppedKopecks?: boolean;
  /** The delta a delivery line would explain (signed), when there is one. */
  deliveryDeltaKop?: number | null;
  /** The delta the CRM's order discount would explain (signed), when known. */
  discountDeltaKop?: number | null;
  /** The undiscounted amount, for the whole-percent test (a 5 % discount not spread over the lines). */
  grossKop?: number | null;
  /** The delta recomputing 20 %/22 % lines at the other rate gives, when the pair straddles the rate change. */
  vatChangeDeltaKop?: number | null;
  partialPayment?: boolean;
  offsetDoubleCount?: boolean;
  providerFailure?: boolean;
  /** Time spent waiting in a queue (ours or the provider's), ms. */
  queueMs?: number | null;
  day?: DayFacts;
}

type Thresholds = Pick<ReconcileThresholds, "clockSkewMs" | "queueDelayMs">;

const within = (f: CauseFacts, kop: number) => Math.abs(kop) <= (f.roundingToleranceKop ?? 0);

function wholePercent(f: CauseFacts): boolean {
  const gross = f.grossKop ?? 0;
  if (gross <= 0 || f.deltaKop === 0 || within(f, f.deltaKop)) return false;
  const off = Math.abs(f.deltaKop);
  return (off * 100) % gross === 0 && off * 100 <= gross * 50;
}

const TESTS: Record<MismatchCause, (f: CauseFacts, t: Thresholds) => boolean> = {
  provider_failure: (f) => f.providerFailure === true,
  prepayment_offset_double_count: (f) => f.offsetDoubleCount === true,
  partial_payment: (f) => f.partialPayment === true,
  delivery_line: (f) => !!f.deliveryDeltaKop && f.deltaKop === f.deliveryDeltaKop,
  undistributed_discount: (f) => (!!f.discountDeltaKop && f.deltaKop === f.discountDeltaKop) || wholePercent(f),
  vat_rate_change: (f) =>
    f.vatChangeDeltaKop != null && f.vatChangeDeltaKop !== 0 && !within(f, f.deltaKop) && within(f, f.deltaKop - f.vatChangeDeltaKop),
  rounding_per_line: (f) => f.deltaKop !== 0 && (f.droppedKopecks === true || (within(f, f.deltaKop) && Math.abs(f.deltaKop) < 100)),
  time_zone: (f, t) => !!f.day && ((f.day.zoneShiftMs !== 0 && f.day.sameAfterZoneFix) || (!f.day.sameAfterClockFix && f.day.sameMoscowDay && f.day.gapMs >= 0 && f.day.gapMs <= t.queueDelayMs)),
  clock_skew: (f, t) => !!f.day && ((f.day.skewMs !== 0 && !f.day.sameAfterZoneFix && f.day.sameAfterClockFix) || f.day.gapMs < -t.clockSkewMs),
  queue_delay: (f, t) => (f.queueMs ?? 0) > t.queueDelayMs || (!!f.day && f.day.gapMs >= 0),
  unknown: () => true,
};

/** Every cause the facts support for this kind, most precedent first (the first is the one recorded). */
export function explainingCauses(kind: MismatchKind, facts: CauseFacts, thresholds: Thresholds): MismatchCause[] {
  const allowed = new Set(CAUSES_BY_KIND[kind]);
  return CAUSE_PRECEDENCE.filter((c) => allowed.has(c) && TESTS[c](facts, thresholds));
}

export function classifyCause(kind: MismatchKind, facts: CauseFacts, thresholds: Thresholds): MismatchCause {
  return explainingCauses(kind, facts, thresholds)[0] ?? "unknown";
}
