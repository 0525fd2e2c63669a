import { describe, expect, it } from "vitest";
import { detectMismatches } from "@/lib/reconcile/detect-mismatches";
import type { Mismatch, ReconcileContext } from "@/lib/reconcile/types";
import { BASE_CTX, GOLDEN_CASES, type GoldenCase } from "@/tests/fixtures/mismatches/golden";

// Written out here, not imported, so that a kind or cause dropped from the code fails this test.
const KINDS = ["receipt_vs_payment", "fiscal_vs_receipt", "items_vs_payments", "missing_receipt", "double_receipt", "day_boundary", "advance_without_offset"];
const CAUSES = [
  "rounding_per_line",
  "undistributed_discount",
  "delivery_line",
  "partial_payment",
  "prepayment_offset_double_count",
  "vat_rate_change",
  "time_zone",
  "clock_skew",
  "queue_delay",
  "provider_failure",
  "unknown",
];

const ctxOf = (c: GoldenCase): ReconcileContext => ({ ...BASE_CTX, ...c.ctx, thresholds: { ...BASE_CTX.thresholds, ...c.ctx?.thresholds } });
const run = (c: GoldenCase) => detectMismatches(c.payments, c.receipts, c.clocks, ctxOf(c));
const label = (m: { kind: string; cause: string }) => `${m.kind}/${m.cause}`;

describe("golden mismatch dataset", () => {
  it("has at least 25 named cases, each name unique", () => {
    expect(GOLDEN_CASES.length).toBeGreaterThanOrEqual(25);
    expect(new Set(GOLDEN_CASES.map((c) => c.name)).size).toBe(GOLDEN_CASES.length);
  });

  it("covers every kind and every cause", () => {
    const expected = GOLDEN_CASES.flatMap((c) => c.expected);
    expect([...new Set(expected.map((e) => e.kind))].sort()).toEqual([...KINDS].sort());
    expect([...new Set(expected.map((e) => e.cause))].sort()).toEqual([...CAUSES].sort());
  });

  it("classifies 100 % of the cases exactly as expected (kind and cause)", () => {
    const wrong = GOLDEN_CASES.filter((c) => {
      const got = run(c).map(label).sort();
      const want = c.expected.map(label).sort();
      return JSON.stringify(got) !== JSON.stringify(want);
    }).map((c) => `${c.name}: got [${run(c).map(label).join(", ")}], want [${c.expected.map(label).join(", ")}]`);
    expect(wrong).toEqual([]);
  });

  it.each(GOLDEN_CASES.map((c) => [c.name, c] as const))("%s", (_name, c) => {
    const got = run(c);
    expect(got.map(label).sort()).toEqual(c.expected.map(label).sort());
    for (const e of c.expected) {
      const m = got.find((x) => x.kind === e.kind && x.cause === e.cause)!;
      if (e.paymentId !== undefined) expect(m.paymentId).toBe(e.paymentId);
      if (e.deltaKop !== undefined) expect(m.deltaKop).toBe(e.deltaKop);
      if (e.day !== undefined) expect(m.day).toBe(e.day);
      if (e.evidence) expect(m.evidence).toMatchObject(e.evidence);
      expect(m.deltaKop).toBe(m.actualKop - m.expectedKop);
    }
  });

  it("the 23:59 UTC+5 / 00:02 Moscow pair is a day boundary only — no sum error among its records", () => {
    const c = GOLDEN_CASES.find((x) => x.name === "day_boundary_ekb_2359_vs_moscow_0002_next_day")!;
    const got = run(c);
    expect(got.map((m) => m.kind)).toEqual(["day_boundary"]);
    expect(got[0]!.key).toBe("day_boundary:p101:rr101");
  });

  it("is idempotent: running twice gives identical records and keys, and keys are unique", () => {
    for (const c of GOLDEN_CASES) {
      const a = run(c);
      const b = run(c);
      expect(b).toEqual(a);
      expect(new Set(a.map((m) => m.key)).size).toBe(a.length);
    }
  });

  it("does not depend on input order", () => {
    const reversed = (c: GoldenCase): Mismatch[] =>
      detectMismatches([...c.payments].reverse(), [...c.receipts].reverse(), [...c.clocks].reverse(), ctxOf(c));
    for (const c of GOLDEN_CASES) expect(reversed(c)).toEqual(run(c));
  });

  it("keys are made of the kind and the ids involved", () => {
    const byName = (n: string) => run(GOLDEN_CASES.find((c) => c.name === n)!);
    expect(byName("missing_receipt_nothing_at_all").map((m) => m.key)).toEqual(["missing_receipt:p108"]);
    expect(byName("double_receipt_resent_while_first_queued").map((m) => m.key)).toEqual(["double_receipt:p129:rr129b"]);
    expect(byName("advance_without_offset_nothing_explains").map((m) => m.key)).toEqual(["advance_without_offset:d1300"]);
    expect(byName("fiscal_vs_receipt_provider_answered_with_another_document").map((m) => m.key)).toEqual(["fiscal_vs_receipt:rr134b"]);
  });
});
