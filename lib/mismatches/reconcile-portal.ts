import type { Db } from "@/lib/db/client";
import { listClockSamples } from "@/lib/db/queries/clock-samples";
import { closeVanished, dbNow, loadReconcileInputs, upsertMismatches, type ReconcileInputs } from "@/lib/db/queries/mismatches";
import { getPortalSettings } from "@/lib/db/queries/portal-settings";
import type { ClockSampleRow, Portal } from "@/lib/db/schema";
import { receiptKind } from "@/lib/deals/receipt-kind";
import { dayKey } from "@/lib/reconcile/calendar";
import { detectMismatches } from "@/lib/reconcile/detect-mismatches";
import { DEFAULT_SAMPLE_WINDOW_MS } from "@/lib/reconcile/clock";
import type { ClockSample, ReconcilePayment, ReconcileReceipt } from "@/lib/reconcile/types";

// Runs the pure reconciliation over a period of one portal and persists the findings (idempotent by key), with the
// clock samples measured around the period and the portal's own thresholds (support settings).

/** A paid payment may wait this long for its receipt before it is reported missing. */
const GRACE_MS = 15 * 60_000;
const RECEIPT_LAG_MS = 2 * 86_400_000;

function clockSample(s: ClockSampleRow): ClockSample {
  return { id: s.id, source: s.source, offsetMs: s.offsetMs, uncertaintyMs: s.uncertaintyMs, at: s.measuredAt.getTime(), zone: s.zone, receiptId: s.receiptId };
}

function payment(p: ReconcileInputs["payments"][number]): ReconcilePayment {
  return { paymentId: p.paymentId, dealId: p.dealId, sumKop: p.sumKop, paid: p.paid, datePaid: p.datePaid?.getTime() ?? null };
}

function receipt(r: ReconcileInputs["receipts"][number]): ReconcileReceipt {
  return {
    id: r.id,
    paymentId: r.paymentId,
    dealId: r.dealId,
    kind: receiptKind({ ...r, receipt: r }),
    status: r.status,
    totalKop: r.totalKop,
    items: r.items,
    payments: r.payments,
    fiscal: r.fiscal,
    acceptedAt: r.createdAt.getTime(),
    bitrixCreatedAt: r.bitrixCreatedAt?.getTime() ?? null,
    lastError: r.lastError,
  };
}

export interface ReconcileRun {
  found: number;
  closed: number;
}

export async function reconcilePortal(db: Db, portal: Portal, period: { from: Date; to: Date }, now = new Date()): Promise<ReconcileRun> {
  const zone = portal.timezone ?? "Europe/Moscow";
  const runStartedAt = await dbNow(db);
  const lagTo = new Date(period.to.getTime() + RECEIPT_LAG_MS);
  const [inputs, settings, samples] = await Promise.all([
    loadReconcileInputs(db, { portalId: portal.id, from: period.from, to: lagTo }),
    getPortalSettings(db, portal.id),
    // Samples within the window either side of the events, the nearest of which explains each one.
    listClockSamples(db, { portalId: portal.id, from: new Date(period.from.getTime() - DEFAULT_SAMPLE_WINDOW_MS), to: new Date(lagTo.getTime() + DEFAULT_SAMPLE_WINDOW_MS), limit: 50_000 }),
  ]);
  const paidInPeriod = inputs.payments.filter((p) => p.datePaid && p.datePaid <= period.to);
  const found = detectMismatches(paidInPeriod.map(payment), inputs.receipts.map(receipt), samples.map(clockSample), {
    portalZone: zone,
    now: now.getTime(),
    graceMs: GRACE_MS,
    thresholds: { clockSkewMs: settings.clockSkewMs, queueDelayMs: settings.queueDelayMs },
  });
  // The console filters by cashbox: a finding belongs to the cashbox of its (first) receipt.
  const profileOf = new Map(inputs.receipts.map((r) => [r.id, r.profileId]));
  await upsertMismatches(db, portal.id, found.map((m) => ({ ...m, profileId: m.receiptIds.length ? (profileOf.get(m.receiptIds[0]!) ?? null) : null })));
  const closed = await closeVanished(db, { portalId: portal.id, fromDay: dayKey(period.from.getTime(), zone), toDay: dayKey(period.to.getTime(), zone), runStartedAt });
  return { found: found.length, closed };
}
