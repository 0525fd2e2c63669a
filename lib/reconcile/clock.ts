// Clock-offset estimation (NTP-style) and the reading of a measured offset: how much of it is a time zone (a naive
// "Moscow" time that is really another zone) and how much is a clock that is simply wrong. Pure.

import { MOSCOW_ZONE, isValidZone, zoneOffsetMs } from "./calendar";
import type { ClockSample, ClockSource, ReconcileThresholds } from "./types";

/** One request/response exchange: our clock when sent and received, and the remote clock's reading in between. */
export interface ClockProbe {
  sentAt: number;
  receivedAt: number;
  remoteTime: number;
}

export interface ClockEstimate {
  /** remote − ours, ms. */
  offsetMs: number;
  /** Half the round trip (+ half the remote clock's resolution): the true offset lies within ± this. */
  uncertaintyMs: number;
  rttMs: number;
  /** Which probe was used (the one with the shortest round trip). */
  probeIndex: number;
}

export interface EstimateOptions {
  /**
   * The remote clock's resolution when it truncates (HTTP `Date`, ATOL `timestamp` and `server.time` have whole
   * seconds: 1000). The true reading lies in [remote, remote + resolution), so half of it is added to both.
   */
  remoteResolutionMs?: number;
}

/**
 * offset = remote − (sent + received)/2, uncertainty = rtt/2.
 *
 * With several probes the one with the smallest round trip wins, not an average: the midpoint is wrong by half the
 * difference between the outbound and return delays, which is at most rtt/2, and delays (queues, retransmits, a
 * paused event loop) only ever add to the round trip. The fastest exchange has the least room for asymmetry; averaging
 * would mix in exactly the queued, lopsided probes.
 */
export function estimateClockOffset(probes: readonly ClockProbe[], opts: EstimateOptions = {}): ClockEstimate {
  const half = (opts.remoteResolutionMs ?? 0) / 2;
  let best: ClockEstimate | null = null;
  probes.forEach((p, i) => {
    const rtt = p.receivedAt - p.sentAt;
    if (![p.sentAt, p.receivedAt, p.remoteTime].every(Number.isFinite) || rtt < 0) return;
    if (best && rtt >= best.rttMs) return;
    best = { offsetMs: p.remoteTime + half - (p.sentAt + p.receivedAt) / 2, uncertaintyMs: rtt / 2 + half, rttMs: rtt, probeIndex: i };
  });
  if (!best) throw new RangeError("estimateClockOffset: no usable probe (need receivedAt ≥ sentAt, finite times)");
  return best;
}

/**
 * The fiscal drive's clock from one receipt: the document's own time (тег 1012) was written somewhere between our
 * register call going out and our learning that it was fiscalised, so that span is the probe's round trip. Queue
 * time at the provider widens the span and so the uncertainty — honestly: a drive seen only through a slow queue is
 * not known better than that. Null when the times are missing or out of order.
 */
export function fiscalProbe(r: { registerSentAt: number | null; fiscalisedAt: number | null; fiscalAt: number | null }): ClockProbe | null {
  const { registerSentAt: sentAt, fiscalisedAt: receivedAt, fiscalAt: remoteTime } = r;
  if (sentAt === null || receivedAt === null || remoteTime === null || receivedAt < sentAt) return null;
  return { sentAt, receivedAt, remoteTime };
}

/** Sources whose times arrive as naive text that we read as Moscow time (providers §5.1, §5.3). */
const NAIVE_MOSCOW: ReadonlySet<ClockSource> = new Set(["provider", "fiscal"]);
const HOUR_MS = 3600_000;

export interface OffsetParts {
  /** The part of the offset that is a zone: the source's naive times are in `zone`, not Moscow. */
  zoneShiftMs: number;
  /** What is left: the clock is wrong by this much. */
  skewMs: number;
  /** The zone the source really writes, when known or inferred; null when it is Moscow time. */
  zone: string | null;
  /** True when the zone was inferred from a whole-hour offset rather than stated by the sample. */
  zoneInferred: boolean;
  /** |skew| is beyond both the threshold and the measurement's own uncertainty. */
  significantSkew: boolean;
}

/**
 * Splits a sample's offset. The portal answers `server.time` with an explicit offset, so all of its offset is skew.
 * The provider and the fiscal drive give naive times read as Moscow: a stated zone other than Moscow accounts for the
 * difference between that zone and Moscow; without a stated zone a whole number of hours (within the skew threshold)
 * is taken for a zone — nobody's clock is wrong by exactly three hours, but servers in UTC are common (market pain 5).
 */
export function splitOffset(sample: ClockSample, clockSkewMs: number): OffsetParts {
  let zoneShiftMs = 0;
  let zone: string | null = null;
  let zoneInferred = false;
  if (NAIVE_MOSCOW.has(sample.source)) {
    if (sample.zone && isValidZone(sample.zone)) {
      zoneShiftMs = zoneOffsetMs(sample.zone, sample.at) - zoneOffsetMs(MOSCOW_ZONE, sample.at);
      zone = zoneShiftMs === 0 ? null : sample.zone;
    } else {
      const hours = Math.round(sample.offsetMs / HOUR_MS);
      if (hours !== 0 && Math.abs(sample.offsetMs - hours * HOUR_MS) <= Math.max(clockSkewMs, sample.uncertaintyMs)) {
        zoneShiftMs = hours * HOUR_MS;
        const utcHours = 3 + hours;
        // IANA names, like zoneFromServerTime: Etc/GMT-5 is UTC+5.
        zone = utcHours === 0 ? "UTC" : `Etc/GMT${utcHours > 0 ? "-" : "+"}${Math.abs(utcHours)}`;
        zoneInferred = true;
      }
    }
  }
  const skewMs = sample.offsetMs - zoneShiftMs;
  return { zoneShiftMs, skewMs, zone, zoneInferred, significantSkew: Math.abs(skewMs) > Math.max(clockSkewMs, sample.uncertaintyMs) };
}

export const DEFAULT_SAMPLE_WINDOW_MS = 24 * HOUR_MS;

/** Samples per source, sorted by time, for "the measurement nearest to this event". */
export interface ClockIndex {
  nearest(source: ClockSource, t: number): ClockSample | null;
  /** The fiscal-drive sample taken from this receipt itself, when there is one. */
  ofReceipt(receiptId: string): ClockSample | null;
}

export function indexClockSamples(samples: readonly ClockSample[], windowMs = DEFAULT_SAMPLE_WINDOW_MS): ClockIndex {
  const bySource = new Map<ClockSource, ClockSample[]>();
  const byReceipt = new Map<string, ClockSample>();
  for (const s of samples) {
    if (!Number.isFinite(s.offsetMs) || !Number.isFinite(s.at)) continue;
    if (s.source === "fiscal" && s.receiptId) byReceipt.set(s.receiptId, s);
    const list = bySource.get(s.source) ?? [];
    list.push(s);
    bySource.set(s.source, list);
  }
  for (const list of bySource.values()) list.sort((a, b) => a.at - b.at || a.uncertaintyMs - b.uncertaintyMs);
  return {
    ofReceipt: (receiptId) => byReceipt.get(receiptId) ?? null,
    nearest(source, t) {
      const list = bySource.get(source);
      if (!list?.length) return null;
      let lo = 0;
      let hi = list.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (list[mid]!.at < t) lo = mid + 1;
        else hi = mid;
      }
      const candidates = [list[lo - 1], list[lo]].filter((s): s is ClockSample => !!s);
      candidates.sort((a, b) => Math.abs(a.at - t) - Math.abs(b.at - t) || a.uncertaintyMs - b.uncertaintyMs);
      const best = candidates[0]!;
      return Math.abs(best.at - t) <= windowMs ? best : null;
    },
  };
}

export type ClockDiagnostic =
  | { kind: "time_zone"; source: ClockSource; zone: string; zoneShiftMs: number; inferred: boolean }
  | { kind: "clock_skew"; source: ClockSource; skewMs: number; uncertaintyMs: number };

/** What a sample says is wrong, for the diagnostics page: a zone disagreement, a skewed clock, both, or nothing. */
export function diagnoseSample(sample: ClockSample, thresholds: Pick<ReconcileThresholds, "clockSkewMs">): ClockDiagnostic[] {
  const parts = splitOffset(sample, thresholds.clockSkewMs);
  const out: ClockDiagnostic[] = [];
  if (parts.zoneShiftMs !== 0 && parts.zone) out.push({ kind: "time_zone", source: sample.source, zone: parts.zone, zoneShiftMs: parts.zoneShiftMs, inferred: parts.zoneInferred });
  if (parts.significantSkew) out.push({ kind: "clock_skew", source: sample.source, skewMs: parts.skewMs, uncertaintyMs: sample.uncertaintyMs });
  return out;
}
