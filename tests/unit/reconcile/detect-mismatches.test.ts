import { describe, expect, it } from "vitest";
import { detectMismatches } from "@/lib/reconcile/detect-mismatches";
import type { ClockSample, ReconcileContext, ReconcilePayment, ReconcileReceipt } from "@/lib/reconcile/types";
import type { ReceiptItem } from "@/lib/receipts/types";

const MIN = 60_000;
const NOW = Date.parse("2026-03-12T12:00:00+03:00");
const CTX: ReconcileContext = { portalZone: "Europe/Moscow", now: NOW, graceMs: 5 * MIN, thresholds: { clockSkewMs: MIN, queueDelayMs: 5 * MIN } };

const line = (sumKop: number): ReceiptItem => ({
  name: "Товар",
  priceKop: sumKop,
  quantityMilli: 1000,
  sumKop,
  vat: "vat20",
  vatSumKop: 0,
  paymentMethod: "full_payment",
  paymentObject: 1,
  measure: 0,
});
const pay = (id: number, sumKop: number, datePaid: number | null, over: Partial<ReconcilePayment> = {}): ReconcilePayment => ({ paymentId: id, dealId: 900, sumKop, paid: true, datePaid, ...over });
let doc = 0;
const rec = (id: string, paymentId: number | null, sumKop: number, fiscalAt: number | null, over: Partial<ReconcileReceipt> = {}): ReconcileReceipt => ({
  id,
  paymentId,
  dealId: 900,
  kind: "full_payment",
  status: fiscalAt === null ? "registered" : "done",
  totalKop: sumKop,
  items: [line(sumKop)],
  payments: [{ type: "cashless", sumKop }],
  fiscal:
    fiscalAt === null
      ? null
      : { regNumberKkt: "1", fnNumber: "2", fiscalDocNumber: ++doc, fiscalDocAttr: "3", fiscalReceiptNumber: 1, shiftNumber: 1, fiscalAt, fiscalAtRaw: "" },
  acceptedAt: (fiscalAt ?? NOW) - 10_000,
  bitrixCreatedAt: null,
  ...over,
});
const run = (p: ReconcilePayment[], r: ReconcileReceipt[], clocks: ClockSample[] = [], ctx: Partial<ReconcileContext> = {}) =>
  detectMismatches(p, r, clocks, { ...CTX, ...ctx }).map((m) => `${m.key} ${m.cause}`);

describe("detectMismatches", () => {
  it("a paid payment without a receipt becomes missing one millisecond after the grace period, not before", () => {
    expect(run([pay(1, 100, NOW - 5 * MIN)], [])).toEqual([]);
    expect(run([pay(1, 100, NOW - 5 * MIN - 1)], [])).toEqual(["missing_receipt:p1 unknown"]);
  });

  it("an unpaid payment is owed nothing", () => {
    expect(run([pay(1, 100, null, { paid: false })], [])).toEqual([]);
  });

  it("a receipt in the queue is not missing until it waited longer than the queue threshold", () => {
    const p = pay(1, 100, NOW - 60 * MIN);
    expect(run([p], [rec("a", 1, 100, null, { acceptedAt: NOW - 5 * MIN })])).toEqual([]);
    expect(run([p], [rec("a", 1, 100, null, { acceptedAt: NOW - 5 * MIN - 1 })])).toEqual(["missing_receipt:p1 queue_delay"]);
  });

  it("a second receipt still in the queue is neither counted nor a double; once fiscalised it is a double", () => {
    const p = pay(1, 500, NOW - 60 * MIN);
    const first = rec("a", 1, 500, NOW - 59 * MIN);
    expect(run([p], [first, rec("b", 1, 500, null, { acceptedAt: NOW - MIN })])).toEqual([]);
    expect(run([p], [first, rec("b", 1, 500, NOW - 30 * MIN)])).toEqual(["double_receipt:p1:rb unknown"]);
  });

  it("a third copy adds a record and leaves the second's key alone", () => {
    const p = pay(1, 500, NOW - 60 * MIN);
    const receipts = [rec("a", 1, 500, NOW - 59 * MIN), rec("b", 1, 500, NOW - 30 * MIN), rec("c", 1, 500, NOW - 20 * MIN)];
    expect(run([p], receipts)).toEqual(["double_receipt:p1:rb unknown", "double_receipt:p1:rc unknown"]);
  });

  it("two receipts that together make up the payment are neither a double nor a sum error", () => {
    const p = pay(1, 1_000, NOW - 60 * MIN);
    expect(run([p], [rec("a", 1, 400, NOW - 59 * MIN), rec("b", 1, 600, NOW - 58 * MIN)])).toEqual([]);
  });

  it("a failed receipt does not count toward the sum", () => {
    const p = pay(1, 1_000, NOW - 60 * MIN);
    expect(run([p], [rec("a", 1, 1_000, NOW - 59 * MIN), rec("b", 1, 1_000, null, { status: "failed", lastError: "x" })])).toEqual([]);
  });

  it("reports a partly settled advance by the rest owed, and only once the offset is due", () => {
    const p = pay(1, 500_000, NOW - 10 * 24 * 60 * MIN);
    const advance = rec("a", 1, 500_000, NOW - 10 * 24 * 60 * MIN, { kind: "advance" });
    const offset = rec("o", 1, 300_000, NOW - 24 * 60 * MIN, { kind: "offset", payments: [{ type: "advance", sumKop: 300_000 }] });
    const out = detectMismatches([p], [advance, offset], [], CTX);
    expect(out.map((m) => [m.key, m.cause, m.expectedKop, m.actualKop, m.deltaKop])).toEqual([["advance_without_offset:d900", "unknown", 500_000, 300_000, -200_000]]);
    expect(run([p], [advance, offset], [], { thresholds: { ...CTX.thresholds, offsetDueMs: 30 * 24 * 60 * MIN } })).toEqual([]);
  });

  it("an advance given back by a refund receipt needs no offset", () => {
    const p = pay(1, 500, NOW - 24 * 60 * MIN);
    const advance = rec("a", 1, 500, NOW - 24 * 60 * MIN, { kind: "advance" });
    expect(run([p], [advance])).toEqual(["advance_without_offset:d900 unknown"]);
    expect(run([p], [advance, rec("x", 1, 500, NOW - 60 * MIN, { kind: "refund" })])).toEqual([]);
  });

  it("an offset receipt on its way (younger than the queue threshold) is not a missing offset", () => {
    const p = pay(1, 500, NOW - 24 * 60 * MIN);
    const advance = rec("a", 1, 500, NOW - 24 * 60 * MIN, { kind: "advance" });
    const offset = rec("o", 1, 500, null, { kind: "offset", payments: [{ type: "advance", sumKop: 500 }], acceptedAt: NOW - MIN });
    expect(run([p], [advance, offset])).toEqual([]);
  });

  it("without shifts configured, 08:59 and 09:00 are the same day", () => {
    const paid = Date.parse("2026-03-10T08:59:40+03:00");
    const p = pay(1, 100, paid);
    const r = rec("a", 1, 100, Date.parse("2026-03-10T09:00:10+03:00"));
    expect(run([p], [r])).toEqual([]);
    expect(run([p], [r], [], { shiftStartMinutes: 540 })).toEqual(["day_boundary:p1:ra queue_delay"]);
  });

  it("a clock sample far from the event explains nothing", () => {
    const paid = Date.parse("2026-03-10T23:59:00+05:00");
    const r = rec("a", 1, 100, Date.parse("2026-03-11T00:02:00+03:00"), { acceptedAt: paid + 4_000 });
    const near: ClockSample = { source: "fiscal", offsetMs: 7_200_000, uncertaintyMs: 3_000, at: paid - 3_600_000, zone: "Asia/Yekaterinburg" };
    const far = { ...near, at: paid - 3 * 24 * 3_600_000 };
    const ctx = { portalZone: "Asia/Yekaterinburg" };
    expect(run([pay(1, 100, paid)], [r], [near], ctx)).toEqual(["day_boundary:p1:ra time_zone"]);
    expect(run([pay(1, 100, paid)], [r], [far], ctx)).toEqual(["day_boundary:p1:ra queue_delay"]);
  });

  it("lists receipts with the same sum that matched no payment next to a missing receipt", () => {
    const out = detectMismatches([pay(1, 777, NOW - 60 * MIN)], [rec("u", null, 777, NOW - 59 * MIN, { dealId: null })], [], CTX);
    expect(out.map((m) => m.key)).toEqual(["missing_receipt:p1"]);
    expect(out[0]!.evidence.unmatchedReceiptsWithSameSum).toEqual(["u"]);
  });

  it("checks a receipt whose payment is outside the period only on its own (fiscal total, items)", () => {
    const r = rec("a", 42, 1_000, NOW - 60 * MIN, { payments: [{ type: "cashless", sumKop: 913 }] });
    expect(run([], [r])).toEqual(["items_vs_payments:ra unknown"]);
  });

  it("refuses a time zone it does not know", () => {
    expect(() => detectMismatches([], [], [], { ...CTX, portalZone: "Mars/Olympus" })).toThrow(RangeError);
  });
});
