import { describe, expect, it } from "vitest";
import { buildClockReport, evidenceSampleIds, type StoredSample } from "@/lib/clocks/report";
import { estimateClockOffset, fiscalProbe } from "@/lib/reconcile/clock";

const T0 = Date.UTC(2026, 11, 1, 9, 0, 0);
const sample = (over: Partial<StoredSample> & Pick<StoredSample, "id" | "source">): StoredSample => ({
  profileId: over.source === "portal" ? null : "cb-1",
  method: "test",
  offsetMs: 0,
  uncertaintyMs: 100,
  rttMs: 200,
  receiptId: null,
  at: T0,
  zone: null,
  ...over,
});

describe("clock report", () => {
  it("splits offsets into zone and skew, keeps the newest sample per source and flags what crosses the threshold", () => {
    const report = buildClockReport({
      samples: [
        sample({ id: 3, source: "provider", offsetMs: -180_000, at: T0 + 60_000 }),
        sample({ id: 1, source: "portal", offsetMs: 90_000, at: T0 }),
        sample({ id: 2, source: "provider", offsetMs: 2_000, at: T0 }),
        // A fiscal drive writing UTC read as Moscow: three whole hours behind, a zone, not a broken clock.
        sample({ id: 4, source: "fiscal", offsetMs: -3 * 3600_000 + 1_500, uncertaintyMs: 2_000, at: T0 }),
      ],
      findings: [{ id: "m1", kind: "day_boundary", cause: "time_zone", day: "2026-12-01", dealId: 7, deltaKop: 0, status: "open", sampleIds: [4, 99] }],
      queueDays: [
        { day: "2026-12-02", count: 3, p50Ms: 900, p95Ms: 4_000, maxMs: 700_000, overThreshold: 1 },
        { day: "2026-12-01", count: 2, p50Ms: 800, p95Ms: 1_000, maxMs: 1_200, overThreshold: 0 },
      ],
      thresholds: { clockSkewMs: 60_000 },
    });
    expect(report.series.map((s) => s.key)).toEqual(["portal", "provider:cb-1", "fiscal:cb-1"]);
    expect(report.latest.map((s) => s.id).sort()).toEqual([1, 3, 4]);
    const fiscal = report.samples.find((s) => s.id === 4)!;
    expect(fiscal).toMatchObject({ zone: "UTC", zoneShiftMs: -3 * 3600_000, skewMs: 1_500, zoneInferred: true, explains: ["m1"] });
    // Worst first: the provider's three minutes, then the portal's 90 s, then the zone.
    expect(report.diagnostics.map((d) => [d.kind, d.series])).toEqual([
      ["clock_skew", "provider:cb-1"],
      ["clock_skew", "portal"],
      ["time_zone", "fiscal:cb-1"],
    ]);
    expect(report.queue).toMatchObject({ count: 5, overThreshold: 1, maxMs: 700_000 });
    expect(report.queue.days.map((d) => d.day)).toEqual(["2026-12-01", "2026-12-02"]);
  });

  it("reads the sample ids a finding's evidence names, and nothing else", () => {
    expect(evidenceSampleIds({ fiscalClock: { sampleId: 5 }, portalClock: { sampleId: 6 }, other: { sampleId: "7" }, boundary: "day", nested: null })).toEqual([5, 6]);
    expect(evidenceSampleIds({})).toEqual([]);
  });

  it("takes the fiscal drive's clock from one receipt: the document time between our send and our learning of it", () => {
    const probe = fiscalProbe({ registerSentAt: T0, fiscalisedAt: T0 + 4_000, fiscalAt: T0 - 180_000 + 1_000 })!;
    const est = estimateClockOffset([probe], { remoteResolutionMs: 1000 });
    // Midpoint T0+2 s; the drive wrote T0−179 s (+0.5 s for whole seconds): −180.5 s ± 2.5 s.
    expect(est.offsetMs).toBe(-180_500);
    expect(est.uncertaintyMs).toBe(2_500);
    expect(fiscalProbe({ registerSentAt: T0, fiscalisedAt: T0 - 1, fiscalAt: T0 })).toBeNull();
    expect(fiscalProbe({ registerSentAt: null, fiscalisedAt: T0, fiscalAt: T0 })).toBeNull();
  });
});

describe("formatDuration", () => {
  it("rounds to whole seconds before splitting minutes, in both languages", async () => {
    const { formatDuration } = await import("@/app/(embedded)/clocks/_components/clock-format");
    expect(formatDuration(-179_600, "ru")).toBe("3 мин");
    expect(formatDuration(90_000, "ru")).toBe("1 мин 30 с");
    expect(formatDuration(4_240, "en")).toBe("4.2 s");
    expect(formatDuration(850, "ru")).toBe("850 мс");
    expect(formatDuration(2 * 3_600_000, "ru")).toBe("2 ч");
  });
});
