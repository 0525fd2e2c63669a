// Shared indexes and small facts for the mismatch rules: which receipts a payment has, how much money each moved,
// and the clock corrections of a fiscal time. Pure.

import { mulDivRound } from "@/lib/receipts/money";
import type { ReceiptItem } from "@/lib/receipts/types";
import { dayKey } from "../calendar";
import { classifyCause, explainingCauses, type CauseFacts } from "../classify-cause";
import { DEFAULT_SAMPLE_WINDOW_MS, indexClockSamples, splitOffset, type ClockIndex, type OffsetParts } from "../clock";
import type { ClockSample, Mismatch, MismatchKind, ReceiptKind, ReconcileContext, ReconcilePayment, ReconcileReceipt, ReconcileThresholds } from "../types";

/** Receipts that sell (and settle) — refunds and corrections are not a payment's receipt. */
export const SALE_KINDS: ReadonlySet<ReceiptKind> = new Set(["prepayment", "full_payment", "advance", "offset", "credit"]);
export const ADVANCE_KINDS: ReadonlySet<ReceiptKind> = new Set(["prepayment", "advance"]);

export const isFiscalised = (r: ReconcileReceipt) => r.fiscal !== null && r.status !== "failed";
export const isPending = (r: ReconcileReceipt) => r.fiscal === null && (r.status === "accepted" || r.status === "registering" || r.status === "registered");
export const isBroken = (r: ReconcileReceipt) => r.fiscal === null && (r.status === "failed" || r.status === "needs_attention");

/** Money the receipt says changed hands: cash + cashless. An offset (paid by the advance) or a credit moves none. */
export const moneyKop = (r: ReconcileReceipt) => r.payments.reduce((s, p) => (p.type === "cash" || p.type === "cashless" ? s + p.sumKop : s), 0);
/** How much of an earlier advance the receipt settles (вид оплаты «предоплата», тег 1215). */
export const advancePartKop = (r: ReconcileReceipt) => r.payments.reduce((s, p) => (p.type === "advance" ? s + p.sumKop : s), 0);

/** Σ price × quantity per line to the kopeck: what the cashbox computes, whatever line sum we declared. */
export const computedItemsKop = (items: readonly ReceiptItem[]) => items.reduce((s, i) => s + mulDivRound(i.priceKop, i.quantityMilli, 1000), 0);
export const deliveryLinesKop = (items: readonly ReceiptItem[]) => items.reduce((s, i) => (i.isDelivery ? s + i.sumKop : s), 0);

/**
 * The drift per-line rounding can produce: half a kopeck per unit of a line whose price was rounded (2 × 333.33 + …),
 * at least one kopeck per line.
 */
export const roundingToleranceKop = (items: readonly ReceiptItem[]) => items.reduce((s, i) => s + Math.ceil(Math.max(1000, i.quantityMilli) / 2000), 0);

/**
 * The order in which receipts count toward a payment: fiscalised first, then by when we were asked (our clock — the
 * later request is the double, even when the provider's queue fiscalised it first), then by id.
 */
export function receiptOrder(a: ReconcileReceipt, b: ReconcileReceipt): number {
  const fa = isFiscalised(a) ? 0 : 1;
  const fb = isFiscalised(b) ? 0 : 1;
  if (fa !== fb) return fa - fb;
  return a.acceptedAt - b.acceptedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** A payment's sale receipts, split into those that count toward its sum and the fiscalised ones beyond it. */
export interface PaymentReceipts {
  /** Every sale receipt linked to the payment that is not failed. */
  sales: ReconcileReceipt[];
  /** Money-moving receipts counted toward the sum, in order. */
  counted: ReconcileReceipt[];
  /** Fiscalised money-moving receipts issued when the sum was already covered: doubles. */
  extras: ReconcileReceipt[];
  /** Σ money of `counted`. */
  moneyKop: number;
  /** The first fiscalised counted receipt: the one whose fiscal time belongs next to the payment. */
  primary: ReconcileReceipt | null;
}

export interface FiscalCorrection {
  sample: ClockSample | null;
  parts: OffsetParts | null;
  /** fiscalAt with only the zone part undone. */
  zoneFixed: number;
  /** fiscalAt with the zone part and any significant skew undone: our best estimate of the true moment. */
  trueAt: number;
  skewMs: number;
}

export interface PortalCorrection {
  sample: ClockSample | null;
  parts: OffsetParts | null;
  trueAt: number;
  skewMs: number;
}

export interface RuleContext {
  ctx: ReconcileContext;
  thresholds: Required<ReconcileThresholds>;
  payments: ReconcilePayment[];
  paymentById: Map<number, ReconcilePayment>;
  receipts: ReconcileReceipt[];
  byPayment: Map<number, ReconcileReceipt[]>;
  byDeal: Map<number, ReconcileReceipt[]>;
  paymentsByDeal: Map<number, ReconcilePayment[]>;
  /** Receipts with no payment, by total: candidates to show next to a missing receipt. */
  unlinkedByTotal: Map<number, ReconcileReceipt[]>;
  /** `fn:fd` → receipt ids reporting that fiscal document. */
  fiscalDocs: Map<string, string[]>;
  clocks: ClockIndex;
  paymentReceipts(p: ReconcilePayment): PaymentReceipts;
  fiscalCorrection(r: ReconcileReceipt): FiscalCorrection | null;
  portalCorrection(t: number): PortalCorrection;
  dealOf(r: ReconcileReceipt): number | null;
}

const push = <K, V>(m: Map<K, V[]>, k: K, v: V) => {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
};

export function buildContext(payments: readonly ReconcilePayment[], receipts: readonly ReconcileReceipt[], clocks: readonly ClockSample[], ctx: ReconcileContext): RuleContext {
  const thresholds: Required<ReconcileThresholds> = {
    offsetDueMs: 0,
    sampleWindowMs: DEFAULT_SAMPLE_WINDOW_MS,
    ...ctx.thresholds,
  };
  const paymentById = new Map<number, ReconcilePayment>();
  for (const p of payments) paymentById.set(p.paymentId, p);
  const receiptById = new Map<string, ReconcileReceipt>();
  for (const r of receipts) receiptById.set(r.id, r);
  const sortedPayments = [...paymentById.values()].sort((a, b) => a.paymentId - b.paymentId);
  const sortedReceipts = [...receiptById.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

  const dealOf = (r: ReconcileReceipt) => r.dealId ?? (r.paymentId !== null ? (paymentById.get(r.paymentId)?.dealId ?? null) : null);
  const byPayment = new Map<number, ReconcileReceipt[]>();
  const byDeal = new Map<number, ReconcileReceipt[]>();
  const unlinkedByTotal = new Map<number, ReconcileReceipt[]>();
  const fiscalDocs = new Map<string, string[]>();
  for (const r of sortedReceipts) {
    if (r.paymentId !== null) push(byPayment, r.paymentId, r);
    else push(unlinkedByTotal, r.totalKop, r);
    const deal = dealOf(r);
    if (deal !== null) push(byDeal, deal, r);
    if (r.fiscal) push(fiscalDocs, `${r.fiscal.fnNumber}:${r.fiscal.fiscalDocNumber}`, r.id);
  }
  const paymentsByDeal = new Map<number, ReconcilePayment[]>();
  for (const p of sortedPayments) if (p.dealId !== null) push(paymentsByDeal, p.dealId, p);

  const clockIndex = indexClockSamples(clocks, thresholds.sampleWindowMs);
  const prMemo = new Map<number, PaymentReceipts>();
  const fcMemo = new Map<string, FiscalCorrection | null>();

  const rc: RuleContext = {
    ctx,
    thresholds,
    payments: sortedPayments,
    paymentById,
    receipts: sortedReceipts,
    byPayment,
    byDeal,
    paymentsByDeal,
    unlinkedByTotal,
    fiscalDocs,
    clocks: clockIndex,
    dealOf,
    paymentReceipts(p) {
      const memo = prMemo.get(p.paymentId);
      if (memo) return memo;
      const sales = (byPayment.get(p.paymentId) ?? []).filter((r) => SALE_KINDS.has(r.kind) && !isBroken(r)).sort(receiptOrder);
      const counted: ReconcileReceipt[] = [];
      const extras: ReconcileReceipt[] = [];
      let covered = 0;
      for (const r of sales) {
        const m = moneyKop(r);
        if (m <= 0) continue;
        if (covered >= p.sumKop && counted.length > 0) {
          if (isFiscalised(r)) extras.push(r);
          continue; // a pending receipt beyond the sum is not counted; it becomes a double only once fiscalised
        }
        counted.push(r);
        covered += m;
      }
      const result: PaymentReceipts = { sales, counted, extras, moneyKop: covered, primary: counted.find(isFiscalised) ?? null };
      prMemo.set(p.paymentId, result);
      return result;
    },
    fiscalCorrection(r) {
      if (fcMemo.has(r.id)) return fcMemo.get(r.id)!;
      let result: FiscalCorrection | null = null;
      if (r.fiscal) {
        const at = r.fiscal.fiscalAt;
        // The fiscal drive's measurement from this very receipt first, then the drive's nearest one; the cloud ККТ
        // sits at the provider, so the provider's clock is the last resort.
        const sample = clockIndex.ofReceipt(r.id) ?? clockIndex.nearest("fiscal", at) ?? clockIndex.nearest("provider", at);
        const parts = sample ? splitOffset(sample, thresholds.clockSkewMs) : null;
        const zoneFixed = at - (parts?.zoneShiftMs ?? 0);
        const skewMs = parts?.significantSkew ? parts.skewMs : 0;
        result = { sample, parts, zoneFixed, trueAt: zoneFixed - skewMs, skewMs };
      }
      fcMemo.set(r.id, result);
      return result;
    },
    portalCorrection(t) {
      const sample = clockIndex.nearest("portal", t);
      const parts = sample ? splitOffset(sample, thresholds.clockSkewMs) : null;
      const skewMs = parts?.significantSkew ? parts.skewMs : 0;
      return { sample, parts, trueAt: t - skewMs, skewMs };
    },
  };
  return rc;
}

/** The portal-zone day a mismatch belongs to: the payment's, else the receipt's, else today. */
export function mismatchDay(rc: RuleContext, p: ReconcilePayment | null | undefined, r?: ReconcileReceipt | null): string {
  const t = p?.datePaid ?? r?.fiscal?.fiscalAt ?? r?.acceptedAt ?? rc.ctx.now;
  return dayKey(t, rc.ctx.portalZone);
}

export interface MismatchDraft {
  key: string;
  kind: MismatchKind;
  receiptIds: string[];
  paymentId: number | null;
  dealId: number | null;
  expectedKop: number;
  actualKop: number;
  facts: Omit<CauseFacts, "deltaKop">;
  evidence: Record<string, unknown>;
  day: string;
}

/** Classifies a draft and shapes the record; the facts and the runner-up causes go into the evidence. */
export function finish(rc: RuleContext, d: MismatchDraft): Mismatch {
  const deltaKop = d.actualKop - d.expectedKop;
  const facts: CauseFacts = { ...d.facts, deltaKop };
  const causes = explainingCauses(d.kind, facts, rc.thresholds);
  const cause = classifyCause(d.kind, facts, rc.thresholds);
  return {
    key: d.key,
    kind: d.kind,
    receiptIds: d.receiptIds,
    paymentId: d.paymentId,
    dealId: d.dealId,
    expectedKop: d.expectedKop,
    actualKop: d.actualKop,
    deltaKop,
    cause,
    evidence: { ...d.evidence, facts, alsoConsistentWith: causes.filter((c) => c !== cause && c !== "unknown") },
    day: d.day,
  };
}

export const iso = (t: number | null | undefined) => (t === null || t === undefined ? null : new Date(t).toISOString());

export function clockEvidence(sample: ClockSample | null, parts: OffsetParts | null): Record<string, unknown> | null {
  if (!sample || !parts) return null;
  return {
    sampleId: sample.id ?? null,
    source: sample.source,
    offsetMs: sample.offsetMs,
    uncertaintyMs: sample.uncertaintyMs,
    measuredAt: iso(sample.at),
    zone: parts.zone,
    zoneInferred: parts.zoneInferred,
    zoneShiftMs: parts.zoneShiftMs,
    skewMs: parts.skewMs,
    significantSkew: parts.significantSkew,
  };
}
