import { dayKey } from "@/lib/reconcile/calendar";
import type { ReceiptItem, ReceiptPayment } from "@/lib/receipts/types";
import { daysBetween } from "./days";

// The reconciliation report: per portal-zone day, CRM payments vs our receipts vs fiscal documents, split by cashbox
// and by VAT rate. Pure: the SQL that feeds it is lib/db/queries/support-report.ts. Kopecks throughout.
//
// Each amount lands on its own clock's day: a payment on the day it was paid, a receipt on the day Bitrix24 asked
// for it, a fiscal document on the day the fiscal drive printed — so a receipt fiscalised after midnight shows as a
// difference on both days, which is exactly the day-boundary artefact support has to see.
// Money, not document totals: an offset receipt (зачёт аванса) settles money paid earlier, so its advance part counts
// nothing (otherwise prepayment + offset would count a payment twice). VAT columns are document sums by rate.

export interface ReportPaymentInput {
  paymentId: number;
  sumKop: number;
  /** Portal clock, unix ms. */
  paidAt: number;
}

export interface ReportReceiptInput {
  id: string;
  profileId: string;
  paymentId: number | null;
  operation: string;
  status: string;
  totalKop: number;
  payments: readonly Pick<ReceiptPayment, "type" | "sumKop">[];
  items: readonly Pick<ReceiptItem, "vat" | "sumKop">[];
  /** When Bitrix24 (or the app) asked for it, unix ms. */
  requestedAt: number;
  /** The fiscal document's own time; null while not fiscalised. */
  fiscalAt: number | null;
  /** The total the fiscal document carries, when the provider reported it. */
  fiscalTotalKop: number | null;
}

export interface Amounts {
  paymentsKop: number;
  receiptsKop: number;
  fiscalKop: number;
}
export interface Diffs {
  /** receipts − payments */
  receiptsVsPaymentsKop: number;
  /** fiscal − receipts */
  fiscalVsReceiptsKop: number;
}
export interface VatAmounts {
  vat: string;
  receiptsKop: number;
  fiscalKop: number;
}
/** One cashbox on one day; `profileId` null: payments with no receipt to tell their cashbox. */
export interface ReportCell extends Amounts, Diffs {
  day: string;
  profileId: string | null;
  vats: VatAmounts[];
}
export interface ReportDay extends Amounts, Diffs {
  day: string;
  cells: ReportCell[];
  vats: VatAmounts[];
}
export interface Report {
  from: string;
  to: string;
  zone: string;
  days: ReportDay[];
  byCashbox: Array<Amounts & Diffs & { profileId: string | null }>;
  byVat: VatAmounts[];
  /** VAT codes present in the period, in a fixed order (columns of the CSV). */
  vatCodes: string[];
  totals: Amounts & Diffs;
}

const FISCALISED = new Set(["fiscalised", "done"]);
const VAT_ORDER = ["vat22", "vat20", "vat10", "vat7", "vat5", "vat0", "none", "vat122", "vat120", "vat110", "vat107", "vat105"];

/** −1 for refunds (and refund corrections): they give money back. */
export function receiptSign(operation: string): 1 | -1 {
  return operation.includes("refund") ? -1 : 1;
}

/** Money the receipt takes: cash and cashless; an advance offset or credit brings no money today. */
export function receiptMoneyKop(payments: ReportReceiptInput["payments"]): number {
  return payments.reduce((s, p) => (p.type === "cash" || p.type === "cashless" ? s + p.sumKop : s), 0);
}

interface Acc extends Amounts {
  vats: Map<string, { receiptsKop: number; fiscalKop: number }>;
}
const emptyAcc = (): Acc => ({ paymentsKop: 0, receiptsKop: 0, fiscalKop: 0, vats: new Map() });
const diffs = (a: Amounts): Diffs => ({ receiptsVsPaymentsKop: a.receiptsKop - a.paymentsKop, fiscalVsReceiptsKop: a.fiscalKop - a.receiptsKop });
const vatList = (m: Acc["vats"]): VatAmounts[] => [...m.entries()].sort(([a], [b]) => vatRank(a) - vatRank(b)).map(([vat, v]) => ({ vat, ...v }));
const vatRank = (v: string) => (VAT_ORDER.indexOf(v) + 1 || 99);

export function buildReport(input: { from: string; to: string; zone: string; payments: readonly ReportPaymentInput[]; receipts: readonly ReportReceiptInput[] }): Report {
  const { from, to, zone } = input;
  const cells = new Map<string, Acc>();
  const inPeriod = (day: string) => day >= from && day <= to;
  const cell = (day: string, profileId: string | null) => {
    const key = `${day}|${profileId ?? ""}`;
    let c = cells.get(key);
    if (!c) cells.set(key, (c = emptyAcc()));
    return c;
  };
  const addVat = (c: Acc, vat: string, field: "receiptsKop" | "fiscalKop", kop: number) => {
    const v = c.vats.get(vat) ?? { receiptsKop: 0, fiscalKop: 0 };
    v[field] += kop;
    c.vats.set(vat, v);
  };

  // A payment belongs to the cashbox of a receipt made for it.
  const cashboxOfPayment = new Map<number, string>();
  for (const r of input.receipts) if (r.paymentId !== null && !cashboxOfPayment.has(r.paymentId)) cashboxOfPayment.set(r.paymentId, r.profileId);

  for (const p of input.payments) {
    const day = dayKey(p.paidAt, zone);
    if (inPeriod(day)) cell(day, cashboxOfPayment.get(p.paymentId) ?? null).paymentsKop += p.sumKop;
  }
  for (const r of input.receipts) {
    const sign = receiptSign(r.operation);
    const advanceKop = r.payments.reduce((s, p) => (p.type === "advance" ? s + p.sumKop : s), 0);
    const requestedDay = dayKey(r.requestedAt, zone);
    if (inPeriod(requestedDay)) {
      const c = cell(requestedDay, r.profileId);
      c.receiptsKop += sign * receiptMoneyKop(r.payments);
      for (const i of r.items) addVat(c, i.vat, "receiptsKop", sign * i.sumKop);
    }
    if (r.fiscalAt !== null && FISCALISED.has(r.status)) {
      const fiscalDay = dayKey(r.fiscalAt, zone);
      if (!inPeriod(fiscalDay)) continue;
      const c = cell(fiscalDay, r.profileId);
      // What the fiscal document says it took, less the part that settles an earlier advance.
      c.fiscalKop += sign * ((r.fiscalTotalKop ?? r.totalKop) - advanceKop);
      for (const i of r.items) addVat(c, i.vat, "fiscalKop", sign * i.sumKop);
    }
  }
  return rollUp(from, to, zone, cells);
}

function rollUp(from: string, to: string, zone: string, cells: Map<string, Acc>): Report {
  const byDay = new Map<string, ReportCell[]>();
  const cashboxes = new Map<string | null, Acc>();
  const vatTotals = emptyAcc();
  const totals: Amounts = { paymentsKop: 0, receiptsKop: 0, fiscalKop: 0 };
  for (const [key, c] of [...cells.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const [day, profile] = key.split("|") as [string, string];
    const profileId = profile || null;
    const list = byDay.get(day) ?? [];
    list.push({ day, profileId, paymentsKop: c.paymentsKop, receiptsKop: c.receiptsKop, fiscalKop: c.fiscalKop, ...diffs(c), vats: vatList(c.vats) });
    byDay.set(day, list);
    const cb = cashboxes.get(profileId) ?? emptyAcc();
    add(cb, c);
    cashboxes.set(profileId, cb);
    add(vatTotals, c);
    add(totals, c);
  }
  const days = daysBetween(from, to).map((day): ReportDay => {
    const list = byDay.get(day) ?? [];
    const acc = emptyAcc();
    for (const c of list) add(acc, { ...c, vats: new Map(c.vats.map((v) => [v.vat, v])) });
    return { day, paymentsKop: acc.paymentsKop, receiptsKop: acc.receiptsKop, fiscalKop: acc.fiscalKop, ...diffs(acc), cells: list, vats: vatList(acc.vats) };
  });
  const byVat = vatList(vatTotals.vats);
  return {
    from,
    to,
    zone,
    days,
    byCashbox: [...cashboxes.entries()].map(([profileId, a]) => ({ profileId, paymentsKop: a.paymentsKop, receiptsKop: a.receiptsKop, fiscalKop: a.fiscalKop, ...diffs(a) })),
    byVat,
    vatCodes: byVat.map((v) => v.vat),
    totals: { ...totals, ...diffs(totals) },
  };
}

function add(into: Amounts & { vats?: Acc["vats"] }, c: Amounts & { vats?: Acc["vats"] }): void {
  into.paymentsKop += c.paymentsKop;
  into.receiptsKop += c.receiptsKop;
  into.fiscalKop += c.fiscalKop;
  if (!into.vats || !c.vats) return;
  for (const [vat, v] of c.vats) {
    const t = into.vats.get(vat) ?? { receiptsKop: 0, fiscalKop: 0 };
    t.receiptsKop += v.receiptsKop;
    t.fiscalKop += v.fiscalKop;
    into.vats.set(vat, t);
  }
}
