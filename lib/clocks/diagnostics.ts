import type { SessionUser } from "@/lib/auth/session";
import type { Db } from "@/lib/db/client";
import { listProfiles } from "@/lib/db/queries/cashboxes";
import { findingsWithClocks, listClockSamplesHourly, queueDelaysByDay } from "@/lib/db/queries/clock-samples";
import { getPortalSettings, updatePortalSettings } from "@/lib/db/queries/portal-settings";
import { addAudit } from "@/lib/db/queries/audit";
import type { ClockSampleRow, Portal } from "@/lib/db/schema";
import { AppError } from "@/lib/http/errors";
import { requireConsole } from "@/lib/support/access";
import { dayKey, MOSCOW_ZONE } from "@/lib/reconcile/calendar";
import { buildClockReport, evidenceSampleIds, type ClockReport, type StoredSample } from "./report";
import { sampleClocks, type SampleDeps, type SampleFailure } from "./sample-clocks";

// The clock-diagnostics page's data over a period in the portal's zone: for the support console's users (admins and
// named support), thresholds for admins.

export interface ClockDiagnosticsView extends ClockReport {
  period: { from: string; to: string; days: number };
  portalZone: string;
  /** The zone the provider's and the fiscal drive's naive times are read in. */
  providerZone: string;
  thresholds: { clockSkewMs: number; queueDelayMs: number };
  cashboxes: Array<{ id: string; name: string; provider: string }>;
  failures?: SampleFailure[];
}

const DAY_MS = 86_400_000;

function stored(s: ClockSampleRow): StoredSample {
  return {
    id: s.id,
    source: s.source,
    profileId: s.profileId,
    method: s.method,
    offsetMs: s.offsetMs,
    uncertaintyMs: s.uncertaintyMs,
    rttMs: s.rttMs,
    receiptId: s.receiptId,
    at: s.measuredAt.getTime(),
    zone: s.zone,
  };
}

export async function clockDiagnostics(db: Db, portal: Portal, p: { days: number; now?: number }): Promise<ClockDiagnosticsView> {
  const now = p.now ?? Date.now();
  const from = new Date(now - p.days * DAY_MS);
  const to = new Date(now);
  const zone = portal.timezone ?? MOSCOW_ZONE;
  const settings = await getPortalSettings(db, portal.id);
  const [samples, queueDays, findings, profiles] = await Promise.all([
    listClockSamplesHourly(db, { portalId: portal.id, from, to }),
    queueDelaysByDay(db, { portalId: portal.id, from, to, zone, thresholdMs: settings.queueDelayMs }),
    findingsWithClocks(db, { portalId: portal.id, fromDay: dayKey(from.getTime(), zone), toDay: dayKey(now, zone), limit: 200 }),
    listProfiles(db, portal.id),
  ]);
  const report = buildClockReport({
    samples: samples.map(stored),
    queueDays,
    findings: findings.map((f) => ({ id: f.id, kind: f.kind, cause: f.cause, day: f.day, dealId: f.dealId, deltaKop: f.deltaKop, status: f.status, sampleIds: evidenceSampleIds(f.evidence) })),
    thresholds: { clockSkewMs: settings.clockSkewMs },
  });
  return {
    ...report,
    period: { from: from.toISOString(), to: to.toISOString(), days: p.days },
    portalZone: zone,
    providerZone: MOSCOW_ZONE,
    thresholds: { clockSkewMs: settings.clockSkewMs, queueDelayMs: settings.queueDelayMs },
    cashboxes: profiles.map((c) => ({ id: c.id, name: c.name, provider: c.provider })),
  };
}

export interface Actor {
  portal: Portal;
  user: SessionUser;
}

/** The page's data for a signed-in user. */
export async function getClockDiagnostics(db: Db, actor: Actor, p: { days: number }): Promise<ClockDiagnosticsView> {
  await requireConsole(db, actor.portal, actor.user);
  return clockDiagnostics(db, actor.portal, p);
}

/** «Измерить сейчас»: fresh samples of the portal and every cashbox, then the report with them. */
export async function measureNow(db: Db, actor: Actor, p: { days: number }, deps: SampleDeps = {}): Promise<ClockDiagnosticsView> {
  await requireConsole(db, actor.portal, actor.user);
  const run = await sampleClocks(db, actor.portal, deps);
  return { ...(await clockDiagnostics(db, actor.portal, p)), failures: run.failures };
}

export interface ThresholdsInput {
  clockSkewMs: number;
  queueDelayMs: number;
}

/** The portal's thresholds for diagnostics and reconciliation causes; admins only, audited. */
export async function saveThresholds(db: Db, actor: Actor, input: ThresholdsInput): Promise<ClockDiagnosticsView["thresholds"]> {
  if (!actor.user.isAdmin) throw new AppError("forbidden", "Пороги меняет администратор портала");
  const before = await getPortalSettings(db, actor.portal.id);
  const saved = await updatePortalSettings(db, actor.portal.id, input);
  await addAudit(db, {
    portalId: actor.portal.id,
    userId: actor.user.userId,
    action: "clocks.thresholds",
    details: { before: { clockSkewMs: before.clockSkewMs, queueDelayMs: before.queueDelayMs }, after: input },
  });
  return { clockSkewMs: saved.clockSkewMs, queueDelayMs: saved.queueDelayMs };
}
