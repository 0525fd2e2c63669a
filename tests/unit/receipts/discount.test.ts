import { describe, expect, it } from "vitest";
import { lineSumKop, makeLinesExact, splitLine, spreadDifference } from "@/lib/receipts/discount";

describe("splitLine", () => {
  it("keeps a line whose price fits", () => {
    expect(splitLine(99_999, 3_000)).toEqual([{ priceKop: 33_333, quantityMilli: 3_000, sumKop: 99_999 }]);
    expect(splitLine(960_000, 1_000)).toEqual([{ priceKop: 960_000, quantityMilli: 1_000, sumKop: 960_000 }]);
  });

  it("splits 1000.00 over 3 units into 2 × 333.33 + 1 × 333.34", () => {
    expect(splitLine(100_000, 3_000)).toEqual([
      { priceKop: 33_333, quantityMilli: 2_000, sumKop: 66_666 },
      { priceKop: 33_334, quantityMilli: 1_000, sumKop: 33_334 },
    ]);
  });

  it("puts several remainder kopecks on the second line", () => {
    // 100.00 over 7: 14.28 × 7 = 99.96, so 4 units carry a kopeck more: 3 × 14.28 + 4 × 14.29.
    expect(splitLine(10_000, 7_000)).toEqual([
      { priceKop: 1_428, quantityMilli: 3_000, sumKop: 4_284 },
      { priceKop: 1_429, quantityMilli: 4_000, sumKop: 5_716 },
    ]);
  });

  it("finds a price for a fractional quantity when one exists", () => {
    // 66.67 × 1.5 = 100.005 → 100.01
    expect(splitLine(10_001, 1_500)).toEqual([{ priceKop: 6_667, quantityMilli: 1_500, sumKop: 10_001 }]);
    // below one unit every kopeck is reachable: 0.03 × 0.333 = 0.00999 → 0.01
    expect(splitLine(1, 333)).toEqual([{ priceKop: 3, quantityMilli: 333, sumKop: 1 }]);
  });

  it("splits a fractional quantity no price fits into whole units and the fraction", () => {
    // 1.5 kg can cost 99.99 or 100.01, never 100.00: 1 kg × 66.66 + 0.5 kg × 66.68 = 66.66 + 33.34
    expect(splitLine(10_000, 1_500)).toEqual([
      { priceKop: 6_666, quantityMilli: 1_000, sumKop: 6_666 },
      { priceKop: 6_668, quantityMilli: 500, sumKop: 3_334 },
    ]);
  });

  it("always keeps the sum and the quantity, with every part exact", () => {
    // An invariant over many lines, checked with plain arithmetic rather than the module's helpers.
    for (let sum = 0; sum <= 2_000; sum += 37) {
      for (const qty of [1_000, 2_000, 3_000, 7_000, 1_500, 2_250, 333, 12_345]) {
        const parts = splitLine(sum, qty);
        expect(parts.length).toBeLessThanOrEqual(2);
        expect(parts.reduce((a, p) => a + p.sumKop, 0)).toBe(sum);
        expect(parts.reduce((a, p) => a + p.quantityMilli, 0)).toBe(qty);
        for (const p of parts) {
          expect(p.priceKop).toBeGreaterThanOrEqual(0);
          expect(Math.floor((p.priceKop * p.quantityMilli * 2 + 1000) / 2000)).toBe(p.sumKop);
        }
      }
    }
  });
});

describe("spreadDifference", () => {
  it("gives a missing kopeck to the line with the largest share", () => {
    expect(spreadDifference([33_333, 66_666], 100_000)).toEqual([33_333, 66_667]);
  });

  it("takes surplus kopecks away, first lines first on a tie", () => {
    expect(spreadDifference([100, 100, 100], 298)).toEqual([99, 99, 100]);
  });

  it("spreads in proportion to the sums", () => {
    expect(spreadDifference([10_000, 30_000], 40_004)).toEqual([10_001, 30_003]);
  });

  it("has nothing to spread over when every line is zero", () => {
    expect(spreadDifference([0, 0], 1)).toBeNull();
  });
});

describe("makeLinesExact", () => {
  it("keeps Bitrix's sums when they add up to the payments, splitting what doesn't divide", () => {
    const r = makeLinesExact([{ priceKop: 33_333, quantityMilli: 3_000, sumKop: 100_000 }, { priceKop: 30_000, quantityMilli: 1_000, sumKop: 30_000 }], 130_000);
    expect(r).toEqual({
      ok: true,
      spread: false,
      lines: [
        { priceKop: 33_333, quantityMilli: 2_000, sumKop: 66_666, source: 0 },
        { priceKop: 33_334, quantityMilli: 1_000, sumKop: 33_334, source: 0 },
        { priceKop: 30_000, quantityMilli: 1_000, sumKop: 30_000, source: 1 },
      ],
    });
  });

  it("uses price × quantity when those, not the sums, match the payments", () => {
    // Bitrix's sum 100.00 came from an unrounded price; the buyer paid 3 × 33.33 = 99.99.
    const r = makeLinesExact([{ priceKop: 3_333, quantityMilli: 3_000, sumKop: 10_000 }], 9_999);
    expect(r).toEqual({ ok: true, spread: false, lines: [{ priceKop: 3_333, quantityMilli: 3_000, sumKop: 9_999, source: 0 }] });
  });

  it("spreads a 1-kopeck rounding drift instead of refusing", () => {
    const r = makeLinesExact([{ priceKop: 33_333, quantityMilli: 1_000, sumKop: 33_333 }, { priceKop: 66_666, quantityMilli: 1_000, sumKop: 66_666 }], 100_000);
    expect(r).toEqual({
      ok: true,
      spread: true,
      lines: [
        { priceKop: 33_333, quantityMilli: 1_000, sumKop: 33_333, source: 0 },
        { priceKop: 66_667, quantityMilli: 1_000, sumKop: 66_667, source: 1 },
      ],
    });
  });

  it("refuses a real mismatch and reports both totals", () => {
    expect(makeLinesExact([{ priceKop: 100_000, quantityMilli: 1_000, sumKop: 100_000 }], 99_900)).toEqual({ ok: false, itemsKop: 100_000, targetKop: 99_900 });
    // 3 kopecks over 2 lines is more than rounding.
    expect(makeLinesExact([{ priceKop: 500, quantityMilli: 1_000, sumKop: 500 }, { priceKop: 500, quantityMilli: 1_000, sumKop: 500 }], 1_003).ok).toBe(false);
  });

  it("rounds price × quantity half-up", () => {
    expect(lineSumKop(6_667, 1_500)).toBe(10_001); // 100.005
    expect(lineSumKop(6_666, 1_500)).toBe(9_999);
    expect(lineSumKop(33_333, 3_000)).toBe(99_999);
  });
});
