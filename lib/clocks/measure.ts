import type { RestClient } from "@/lib/bitrix/portal-client";
import { zoneFromServerTime } from "@/lib/bitrix/portal-zone";
import type { CashboxProvider } from "@/lib/providers/types";
import { estimateClockOffset, type ClockEstimate, type ClockProbe } from "@/lib/reconcile/clock";

// Reading remote clocks (issue 5): a few request/response exchanges each, turned into one NTP-style estimate by the
// pure estimator (the exchange with the shortest round trip wins). I/O only through the clients handed in.

export interface Measurement extends ClockEstimate {
  /** What was read, e.g. `rest-time` (the answer's time block) or `server.time`. */
  method: string;
  /** The zone the source stated (the portal's server.time offset), when it states one. */
  zone: string | null;
  probes: number;
}

/** Clocks that print whole seconds (`server.time`, HTTP Date, ATOL's `timestamp`) read up to 1 s behind the truth. */
const WHOLE_SECONDS = 1000;

/**
 * The portal's clock. Every REST answer carries `time.start`/`time.finish` (unix seconds with microseconds, the
 * portal's clock: b24-rest-docs `_includes/result-common-data.md`), so the midpoint of the two is a reading with no
 * rounding to speak of; `server.time` itself (whole seconds) is the fallback and also says the portal's UTC offset.
 */
export async function measurePortalClock(rest: RestClient, probes = 3, now: () => number = Date.now): Promise<Measurement> {
  const precise: ClockProbe[] = [];
  const coarse: ClockProbe[] = [];
  let zone: string | null = null;
  for (let i = 0; i < probes; i++) {
    const sentAt = now();
    const { result, time } = await rest.timed<string>("server.time");
    const receivedAt = now();
    zone ??= zoneFromServerTime(result);
    if (time) precise.push({ sentAt, receivedAt, remoteTime: ((time.start + time.finish) / 2) * 1000 });
    const parsed = typeof result === "string" ? Date.parse(result) : NaN;
    if (Number.isFinite(parsed)) coarse.push({ sentAt, receivedAt, remoteTime: parsed });
  }
  if (precise.length) return { ...estimateClockOffset(precise), method: "rest-time", zone, probes: precise.length };
  return { ...estimateClockOffset(coarse, { remoteResolutionMs: WHOLE_SECONDS }), method: "server.time", zone, probes: coarse.length };
}

/**
 * A provider's clock: its own readClock() (ATOL's `timestamp`, Orange's HTTP Date — whole seconds, naive Moscow for
 * ATOL). A couple of probes, since a token refresh or a cold TLS connection makes the first exchange slow.
 */
export async function measureProviderClock(provider: CashboxProvider, probes = 2): Promise<Measurement> {
  const readings: ClockProbe[] = [];
  let resolution = 0;
  for (let i = 0; i < probes; i++) {
    const r = await provider.readClock();
    readings.push(r);
    resolution = Math.max(resolution, r.resolutionMs ?? WHOLE_SECONDS);
  }
  return { ...estimateClockOffset(readings, { remoteResolutionMs: resolution }), method: `${provider.name}-clock`, zone: null, probes };
}
