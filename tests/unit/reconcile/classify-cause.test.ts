import { describe, expect, it } from "vitest";
import { CAUSE_PRECEDENCE, CAUSES_BY_KIND, classifyCause, explainingCauses, type CauseFacts, type DayFacts } from "@/lib/reconcile/classify-cause";

const T = { clockSkewMs: 60_000, queueDelayMs: 300_000 };
const day = (over: Partial<DayFacts>): DayFacts => ({ sameAfterZoneFix: false, sameAfterClockFix: false, sameMoscowDay: false, zoneShiftMs: 0, skewMs: 0, gapMs: 10_000, ...over });
const f = (over: Partial<CauseFacts>): CauseFacts => ({ deltaKop: 0, ...over });

describe("classifyCause", () => {
  it("documents this order of precedence", () => {
    expect(CAUSE_PRECEDENCE).toEqual([
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
    ]);
    for (const causes of Object.values(CAUSES_BY_KIND)) expect(causes.at(-1)).toBe("unknown");
  });

  it("a recorded provider failure beats a queue delay", () => {
    expect(classifyCause("missing_receipt", f({ providerFailure: true, queueMs: 3_600_000 }), T)).toBe("provider_failure");
    expect(classifyCause("missing_receipt", f({ queueMs: 3_600_000 }), T)).toBe("queue_delay");
    expect(classifyCause("missing_receipt", f({ queueMs: 299_999 }), T)).toBe("unknown");
  });

  it("a delivery line equal to the delta beats a whole-percent discount that also fits", () => {
    // 50 000 on 1 000 000 is both the delivery line and exactly 5 %.
    const facts = f({ deltaKop: 50_000, deliveryDeltaKop: 50_000, grossKop: 1_000_000, roundingToleranceKop: 2 });
    expect(explainingCauses("receipt_vs_payment", facts, T)).toEqual(["delivery_line", "undistributed_discount", "unknown"]);
    expect(classifyCause("receipt_vs_payment", facts, T)).toBe("delivery_line");
  });

  it("the delivery test wants the exact amount and sign", () => {
    expect(classifyCause("receipt_vs_payment", f({ deltaKop: -35_000, deliveryDeltaKop: 35_000 }), T)).toBe("unknown");
  });

  it("a whole-percent discount needs a real percent: not 3.7 %, not 60 %", () => {
    expect(classifyCause("receipt_vs_payment", f({ deltaKop: 37_000, grossKop: 1_000_000 }), T)).toBe("unknown");
    expect(classifyCause("receipt_vs_payment", f({ deltaKop: 600_000, grossKop: 1_000_000 }), T)).toBe("unknown");
    expect(classifyCause("receipt_vs_payment", f({ deltaKop: 100_000, grossKop: 1_000_000 }), T)).toBe("undistributed_discount");
  });

  it("rounding only within the per-line tolerance, and never a rouble or more", () => {
    expect(classifyCause("receipt_vs_payment", f({ deltaKop: -1, roundingToleranceKop: 3 }), T)).toBe("rounding_per_line");
    expect(classifyCause("receipt_vs_payment", f({ deltaKop: -4, roundingToleranceKop: 3 }), T)).toBe("unknown");
    expect(classifyCause("receipt_vs_payment", f({ deltaKop: 150, roundingToleranceKop: 400 }), T)).toBe("unknown");
    expect(classifyCause("fiscal_vs_receipt", f({ deltaKop: -56, droppedKopecks: true, roundingToleranceKop: 1 }), T)).toBe("rounding_per_line");
  });

  it("a VAT change must account for the delta (± rounding) and exceed rounding noise", () => {
    expect(classifyCause("receipt_vs_payment", f({ deltaKop: 20_001, vatChangeDeltaKop: 20_000, roundingToleranceKop: 2 }), T)).toBe("vat_rate_change");
    expect(classifyCause("receipt_vs_payment", f({ deltaKop: 25_000, vatChangeDeltaKop: 20_000, roundingToleranceKop: 2 }), T)).toBe("unknown");
    expect(classifyCause("receipt_vs_payment", f({ deltaKop: 1, vatChangeDeltaKop: 1, roundingToleranceKop: 2 }), T)).toBe("rounding_per_line");
  });

  it("structure beats arithmetic: an offset counted twice, then several payments", () => {
    const facts = f({ deltaKop: -1_000_000, offsetDoubleCount: true, partialPayment: true, roundingToleranceKop: 1 });
    expect(classifyCause("receipt_vs_payment", facts, T)).toBe("prepayment_offset_double_count");
    expect(classifyCause("receipt_vs_payment", { ...facts, offsetDoubleCount: false }, T)).toBe("partial_payment");
  });

  it("a kind only takes the causes that can explain it", () => {
    const facts = f({ deltaKop: 1, roundingToleranceKop: 5, day: day({ zoneShiftMs: 3_600_000, sameAfterZoneFix: true }), providerFailure: true });
    expect(classifyCause("day_boundary", facts, T)).toBe("time_zone");
    expect(classifyCause("receipt_vs_payment", facts, T)).toBe("rounding_per_line");
    expect(classifyCause("double_receipt", facts, T)).toBe("provider_failure");
  });

  describe("day boundaries", () => {
    it("a zone shift that alone puts them on one day is the time zone, even when a skew is also measured", () => {
      expect(classifyCause("day_boundary", f({ day: day({ zoneShiftMs: -10_800_000, sameAfterZoneFix: true, sameAfterClockFix: true, skewMs: 90_000 }) }), T)).toBe("time_zone");
    });

    it("one Moscow day and promptly printed is the time zone; printed hours later it is the queue", () => {
      expect(classifyCause("day_boundary", f({ day: day({ sameMoscowDay: true, gapMs: 180_000 }) }), T)).toBe("time_zone");
      expect(classifyCause("day_boundary", f({ day: day({ sameMoscowDay: true, gapMs: 7_200_000 }) }), T)).toBe("queue_delay");
    });

    it("a correction of a skewed clock that puts them on one day is clock skew", () => {
      expect(classifyCause("day_boundary", f({ day: day({ skewMs: -180_000, sameAfterClockFix: true, gapMs: 15_000 }) }), T)).toBe("clock_skew");
    });

    it("a receipt dated minutes before its payment is clock skew even without a sample; seconds before is unexplained", () => {
      expect(classifyCause("day_boundary", f({ day: day({ gapMs: -200_000 }) }), T)).toBe("clock_skew");
      expect(classifyCause("day_boundary", f({ day: day({ gapMs: -5_000 }) }), T)).toBe("unknown");
    });

    it("printed after its payment across midnight with nothing else to blame is the queue", () => {
      expect(classifyCause("day_boundary", f({ day: day({ gapMs: 30_000 }) }), T)).toBe("queue_delay");
    });
  });
});
