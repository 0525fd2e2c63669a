import { describe, expect, it } from "vitest";
import { diagnoseSample, estimateClockOffset, indexClockSamples, splitOffset, type ClockProbe } from "@/lib/reconcile/clock";
import type { ClockSample } from "@/lib/reconcile/types";

/** mulberry32: a small seeded PRNG so the property test is reproducible. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One exchange against a remote clock `offset` ahead of ours, with the given outbound and return delays. */
const exchange = (sentAt: number, outMs: number, backMs: number, offset: number): ClockProbe => ({
  sentAt,
  receivedAt: sentAt + outMs + backMs,
  remoteTime: sentAt + outMs + offset,
});

describe("estimateClockOffset", () => {
  it("is remote − midpoint, ± rtt/2, on a worked example", () => {
    expect(estimateClockOffset([{ sentAt: 1_000, receivedAt: 1_400, remoteTime: 91_300 }])).toEqual({ offsetMs: 90_100, uncertaintyMs: 200, rttMs: 400, probeIndex: 0 });
  });

  it("property: remote clock +90 s, rtt 400 ms split any way → within ±0.25 s of 90 s, truth inside ± uncertainty", () => {
    const rand = rng(20260105);
    for (let trial = 0; trial < 2_000; trial++) {
      const base = 1_767_225_600_000 + Math.floor(rand() * 86_400_000);
      const probes: ClockProbe[] = [];
      const n = 1 + Math.floor(rand() * 5);
      for (let i = 0; i < n; i++) {
        const out = rand() * 400; // asymmetric jitter: anything from all-outbound to all-return
        probes.push(exchange(base + i * 1_000, out, 400 - out, 90_000));
      }
      const est = estimateClockOffset(probes);
      expect(Math.abs(est.offsetMs - 90_000)).toBeLessThanOrEqual(250);
      expect(est.uncertaintyMs).toBeCloseTo(200, 6);
      expect(Math.abs(est.offsetMs - 90_000)).toBeLessThanOrEqual(est.uncertaintyMs + 1e-6);
    }
  });

  it("uses the fastest exchange: slow, lopsided probes around it do not pull the estimate (an average would be ~0.5 s off)", () => {
    const rand = rng(7);
    for (let trial = 0; trial < 500; trial++) {
      const base = 1_767_225_600_000 + trial * 60_000;
      const out = rand() * 400;
      const good = exchange(base, out, 400 - out, 90_000);
      // Queued probes: the return leg waited 1–3 s (a paused event loop), so their midpoints are far too late.
      const slow = [0, 1, 2, 3].map((i) => exchange(base + 2_000 * (i + 1), 50, 1_000 + rand() * 2_000, 90_000));
      const probes = [...slow.slice(0, 2), good, ...slow.slice(2)];
      const est = estimateClockOffset(probes);
      expect(est.probeIndex).toBe(2);
      expect(Math.abs(est.offsetMs - 90_000)).toBeLessThanOrEqual(250);
    }
  });

  it("ignores probes received before they were sent, and refuses when none is usable", () => {
    const est = estimateClockOffset([
      { sentAt: 2_000, receivedAt: 1_000, remoteTime: 0 },
      { sentAt: 10_000, receivedAt: 10_100, remoteTime: 15_050 },
    ]);
    expect(est).toMatchObject({ offsetMs: 5_000, probeIndex: 1 });
    expect(() => estimateClockOffset([])).toThrow(RangeError);
    expect(() => estimateClockOffset([{ sentAt: 5, receivedAt: 4, remoteTime: 1 }])).toThrow(RangeError);
  });

  it("a remote clock with whole seconds (HTTP Date) adds half a second to the reading and to the uncertainty", () => {
    // True remote reading 91 200.x, truncated to 91 000.
    expect(estimateClockOffset([{ sentAt: 1_000, receivedAt: 1_400, remoteTime: 91_000 }], { remoteResolutionMs: 1_000 })).toMatchObject({ offsetMs: 90_300, uncertaintyMs: 700 });
  });
});

const sample = (over: Partial<ClockSample>): ClockSample => ({ source: "provider", offsetMs: 0, uncertaintyMs: 200, at: Date.UTC(2026, 2, 10, 12), ...over });

describe("splitOffset", () => {
  it("a fiscal drive writing Yekaterinburg time, read as Moscow: two hours are the zone, the rest skew", () => {
    expect(splitOffset(sample({ source: "fiscal", offsetMs: 7_202_000, uncertaintyMs: 3_000, zone: "Asia/Yekaterinburg" }), 60_000)).toEqual({
      zoneShiftMs: 7_200_000,
      skewMs: 2_000,
      zone: "Asia/Yekaterinburg",
      zoneInferred: false,
      significantSkew: false,
    });
  });

  it("without a stated zone a whole number of hours is taken for a zone (server in UTC)", () => {
    expect(splitOffset(sample({ offsetMs: -10_800_000 + 500 }), 60_000)).toMatchObject({ zoneShiftMs: -10_800_000, skewMs: 500, zone: "UTC", zoneInferred: true, significantSkew: false });
    expect(splitOffset(sample({ offsetMs: 3_600_000 * 2 - 30_000 }), 60_000)).toMatchObject({ zoneShiftMs: 7_200_000, zone: "Etc/GMT-5" });
  });

  it("three minutes late is skew, not a zone", () => {
    expect(splitOffset(sample({ offsetMs: -180_000 }), 60_000)).toMatchObject({ zoneShiftMs: 0, skewMs: -180_000, zone: null, significantSkew: true });
  });

  it("the portal's server.time carries its own offset: everything it is off by is skew", () => {
    expect(splitOffset(sample({ source: "portal", offsetMs: 3_600_000, zone: "Asia/Yekaterinburg" }), 60_000)).toMatchObject({ zoneShiftMs: 0, skewMs: 3_600_000, significantSkew: true });
  });

  it("a skew smaller than the measurement's own uncertainty is not significant", () => {
    expect(splitOffset(sample({ offsetMs: 90_000, uncertaintyMs: 120_000 }), 60_000).significantSkew).toBe(false);
  });

  it("a stated Moscow zone means a whole-hour offset is a wrong clock", () => {
    expect(splitOffset(sample({ source: "fiscal", offsetMs: 3_600_000, zone: "Europe/Moscow" }), 60_000)).toMatchObject({ zoneShiftMs: 0, skewMs: 3_600_000, zone: null });
  });
});

describe("diagnoseSample", () => {
  it("reports a zone disagreement and a skew separately, and nothing for a good clock", () => {
    expect(diagnoseSample(sample({ source: "fiscal", offsetMs: 7_200_000 + 200_000, zone: "Asia/Yekaterinburg" }), { clockSkewMs: 60_000 })).toEqual([
      { kind: "time_zone", source: "fiscal", zone: "Asia/Yekaterinburg", zoneShiftMs: 7_200_000, inferred: false },
      { kind: "clock_skew", source: "fiscal", skewMs: 200_000, uncertaintyMs: 200 },
    ]);
    expect(diagnoseSample(sample({ offsetMs: 1_500 }), { clockSkewMs: 60_000 })).toEqual([]);
  });
});

describe("indexClockSamples", () => {
  it("finds the sample of a source nearest in time, within the window", () => {
    const H = 3_600_000;
    const idx = indexClockSamples(
      [
        { source: "portal", offsetMs: 1, uncertaintyMs: 1, at: 10 * H },
        { source: "portal", offsetMs: 2, uncertaintyMs: 1, at: 20 * H },
        { source: "provider", offsetMs: 3, uncertaintyMs: 1, at: 14 * H },
      ],
      6 * H,
    );
    expect(idx.nearest("portal", 14 * H)?.offsetMs).toBe(1);
    expect(idx.nearest("portal", 16 * H)?.offsetMs).toBe(2);
    expect(idx.nearest("portal", 27 * H)?.offsetMs).toBeUndefined();
    expect(idx.nearest("fiscal", 14 * H)).toBeNull();
  });
});
