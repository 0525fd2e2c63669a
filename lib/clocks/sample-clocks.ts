import { portalRest, type RestClient } from "@/lib/bitrix/portal-client";
import type { Db } from "@/lib/db/client";
import { listProfiles } from "@/lib/db/queries/cashboxes";
import { insertClockSamples, lastSampleAt, receiptsWithoutFiscalSample } from "@/lib/db/queries/clock-samples";
import type { CashboxProfile, ClockSampleRow, NewClockSample, Portal } from "@/lib/db/schema";
import { providerForProfile } from "@/lib/fiscal/provider-for";
import { log } from "@/lib/log";
import type { CashboxProvider } from "@/lib/providers/types";
import { estimateClockOffset, fiscalProbe } from "@/lib/reconcile/clock";
import { measurePortalClock, measureProviderClock, type Measurement } from "./measure";

// Takes clock samples of one portal (issue 5): the portal's clock, every active cashbox's provider clock, and the
// fiscal drive's clock from each receipt fiscalised since the last run. Each source fails on its own: a provider
// that does not answer is reported, it does not stop the portal's measurement.

/** Scheduled measurements of the portal and provider clocks are this far apart; fiscal samples come with receipts. */
export const SAMPLE_EVERY_MS = 15 * 60_000;
/** Fiscal samples are derived for receipts fiscalised this far back at most (a first run after a long pause). */
const FISCAL_LOOKBACK_MS = 3 * 86_400_000;
const FISCAL_BATCH = 500;
/** The provider and fiscal drive write naive Moscow time (providers §5.1, §5.3): kept with the sample for people. */
const READ_AS = "Europe/Moscow";

export interface SampleDeps {
  rest?: RestClient;
  providerFor?: (profile: CashboxProfile) => CashboxProvider | null;
  now?: () => number;
}

export interface SampleFailure {
  source: ClockSampleRow["source"];
  profileId: string | null;
  message: string;
}

export interface SampleRun {
  samples: ClockSampleRow[];
  failures: SampleFailure[];
}

function row(portalId: string, source: ClockSampleRow["source"], m: Measurement, extra: Partial<NewClockSample> = {}): NewClockSample {
  return {
    portalId,
    source,
    method: m.method,
    offsetMs: Math.round(m.offsetMs),
    uncertaintyMs: Math.ceil(m.uncertaintyMs),
    rttMs: Math.round(m.rttMs),
    zone: m.zone,
    ...extra,
    details: { probes: m.probes, ...extra.details },
  };
}

/** Measures now: the portal and every active cashbox's provider, plus the fiscal samples that are due. */
export async function sampleClocks(db: Db, portal: Portal, deps: SampleDeps = {}): Promise<SampleRun> {
  const failures: SampleFailure[] = [];
  const rows: NewClockSample[] = [];
  const fail = (source: SampleFailure["source"], profileId: string | null, err: unknown) => {
    const message = err instanceof Error ? err.message : String(err);
    failures.push({ source, profileId, message });
    log.warn("clock sample failed", { portalId: portal.id, source, profileId, message });
  };

  const measuredAt = () => new Date(deps.now?.() ?? Date.now());
  try {
    rows.push(row(portal.id, "portal", await measurePortalClock(deps.rest ?? portalRest(db, portal), 3, deps.now), { measuredAt: measuredAt() }));
  } catch (err) {
    fail("portal", null, err);
  }

  const profiles = (await listProfiles(db, portal.id)).filter((p) => p.active);
  const providerFor = deps.providerFor ?? ((p: CashboxProfile) => providerForProfile(p, { timeoutMs: 10_000 }));
  await Promise.all(
    profiles.map(async (profile) => {
      try {
        const provider = providerFor(profile);
        if (!provider) return;
        const m = await measureProviderClock(provider);
        rows.push(row(portal.id, "provider", m, { profileId: profile.id, measuredAt: measuredAt(), details: { provider: profile.provider, readAs: READ_AS } }));
      } catch (err) {
        fail("provider", profile.id, err);
      }
    }),
  );

  rows.push(...(await fiscalRows(db, portal.id, deps.now?.() ?? Date.now())));
  return { samples: await insertClockSamples(db, rows), failures };
}

/** The fiscal drive's samples of receipts fiscalised since the last run (each receipt gives one, once). */
async function fiscalRows(db: Db, portalId: string, now: number): Promise<NewClockSample[]> {
  const receipts = await receiptsWithoutFiscalSample(db, { portalId, since: new Date(now - FISCAL_LOOKBACK_MS), limit: FISCAL_BATCH });
  const out: NewClockSample[] = [];
  for (const r of receipts) {
    const probe = fiscalProbe({
      registerSentAt: (r.registerSentAt ?? r.registeredAt)?.getTime() ?? null,
      fiscalisedAt: r.fiscalisedAt?.getTime() ?? null,
      fiscalAt: r.fiscal?.fiscalAt ?? null,
    });
    if (!probe) continue;
    // receipt_datetime has whole seconds.
    const m = estimateClockOffset([probe], { remoteResolutionMs: 1000 });
    out.push({
      ...row(portalId, "fiscal", { ...m, method: "receipt_datetime", zone: null, probes: 1 }, { profileId: r.profileId, receiptId: r.id }),
      measuredAt: new Date((probe.sentAt + probe.receivedAt) / 2),
      details: { readAs: READ_AS, fiscalAtRaw: r.fiscal?.fiscalAtRaw ?? null, test: r.fiscal?.test ?? false },
    });
  }
  return out;
}

/** Only the fiscal drive's samples that are due (after receipts complete): database work, no remote call. */
export async function recordFiscalSamples(db: Db, portalId: string, now = Date.now()): Promise<ClockSampleRow[]> {
  return insertClockSamples(db, await fiscalRows(db, portalId, now));
}

/** The scheduled run: fiscal samples every time (they are cheap), the portal and providers every SAMPLE_EVERY_MS. */
export async function sampleClocksIfDue(db: Db, portal: Portal, deps: SampleDeps = {}): Promise<SampleRun> {
  const now = deps.now?.() ?? Date.now();
  const last = await lastSampleAt(db, { portalId: portal.id, source: "portal" });
  if (!last || now - last.getTime() >= SAMPLE_EVERY_MS) return sampleClocks(db, portal, deps);
  return { samples: await recordFiscalSamples(db, portal.id, now), failures: [] };
}
