import type { Db } from "@/lib/db/client";
import { listAuditBySubjects } from "@/lib/db/queries/audit";
import { listProfiles } from "@/lib/db/queries/cashboxes";
import { listClockSamples } from "@/lib/db/queries/clock-samples";
import { getPayment, receiptsByIds } from "@/lib/db/queries/payments";
import { getPortalSettings } from "@/lib/db/queries/portal-settings";
import { getReceipt } from "@/lib/db/queries/receipts";
import { getMismatch, listMismatchesOfReceipt } from "@/lib/db/queries/support-queue";
import type { AuditEntry, ClockSampleRow, CrmPayment, MismatchRow, Portal, Receipt } from "@/lib/db/schema";
import { receiptWithTrail } from "@/lib/fiscal/receipt-view";
import { AppError } from "@/lib/http/errors";
import { redact } from "@/lib/log";
import { portalZone } from "./days";

// The decision trace of one queue item: what Bitrix24 sent, what we sent, every provider answer and retry, the
// evidence reconciliation kept, the clocks around the event, and the audit history — one screen for "why".

/** Clock samples this far either side of the item's events are shown with it. */
const CLOCK_WINDOW_MS = 6 * 3600_000;

async function receiptTrace(db: Db, r: Receipt) {
  // What Bitrix24 posted (PRINT_URL form, parsed), redacted again in case a portal put a secret into a field name.
  return { ...(await receiptWithTrail(db, r)), profileId: r.profileId, paymentId: r.paymentId, dealId: r.dealId, bitrixPayload: redact(r.payload) ?? null, bitrixCreatedAt: r.bitrixCreatedAt?.toISOString() ?? null };
}

function mismatchView(m: MismatchRow) {
  const { portalId: _portal, ...rest } = m;
  return {
    ...rest,
    resolvedAt: m.resolvedAt?.toISOString() ?? null,
    notifiedAt: m.notifiedAt?.toISOString() ?? null,
    firstSeenAt: m.firstSeenAt.toISOString(),
    lastSeenAt: m.lastSeenAt.toISOString(),
  };
}

function paymentView(p: CrmPayment | undefined) {
  if (!p) return null;
  return { paymentId: p.paymentId, dealId: p.dealId, accountNumber: p.accountNumber, sumKop: p.sumKop, currency: p.currency, paid: p.paid, datePaid: p.datePaid?.toISOString() ?? null, paySystemName: p.paySystemName };
}

function auditView(a: AuditEntry) {
  return { id: a.id, userId: a.userId, action: a.action, subject: a.subject, details: a.details, at: a.at.toISOString() };
}

function clockView(c: ClockSampleRow) {
  return { source: c.source, method: c.method, profileId: c.profileId, offsetMs: c.offsetMs, uncertaintyMs: c.uncertaintyMs, rttMs: c.rttMs, zone: c.zone, receiptId: c.receiptId, measuredAt: c.measuredAt.toISOString() };
}

async function clocksAround(db: Db, portalId: string, moments: Array<Date | null | undefined>) {
  const times = moments.filter((d): d is Date => !!d).map((d) => d.getTime());
  if (!times.length) return [];
  const rows = await listClockSamples(db, { portalId, from: new Date(Math.min(...times) - CLOCK_WINDOW_MS), to: new Date(Math.max(...times) + CLOCK_WINDOW_MS), limit: 200 });
  return rows.map(clockView);
}

async function context(db: Db, portal: Portal) {
  const [profiles, settings] = await Promise.all([listProfiles(db, portal.id), getPortalSettings(db, portal.id)]);
  return { zone: portalZone(portal.timezone), cashboxes: profiles.map((p) => ({ id: p.id, name: p.name })), supportUserIds: settings.supportUserIds };
}

export async function getMismatchDetail(db: Db, portal: Portal, id: string) {
  const m = await getMismatch(db, { portalId: portal.id, id });
  if (!m) throw new AppError("not_found", "Расхождение не найдено");
  const rows = m.receiptIds.length ? await receiptsByIds(db, { portalId: portal.id, ids: m.receiptIds }) : [];
  const payment = m.paymentId !== null ? await getPayment(db, { portalId: portal.id, paymentId: m.paymentId }) : undefined;
  const [receipts, clocks, audit, ctx] = await Promise.all([
    Promise.all(rows.map((r) => receiptTrace(db, r))),
    clocksAround(db, portal.id, [payment?.datePaid, ...rows.flatMap((r) => [r.createdAt, r.fiscalAt])]),
    listAuditBySubjects(db, { portalId: portal.id, subjects: [`mismatch:${m.id}`, ...m.receiptIds.map((r) => `receipt:${r}`)] }),
    context(db, portal),
  ]);
  return { type: "mismatch" as const, mismatch: mismatchView(m), receipts, payment: paymentView(payment), clocks, audit: audit.map(auditView), ...ctx };
}

export async function getReceiptDetail(db: Db, portal: Portal, id: string) {
  const r = await getReceipt(db, { portalId: portal.id, id });
  if (!r) throw new AppError("not_found", "Чек не найден");
  const payment = r.paymentId !== null ? await getPayment(db, { portalId: portal.id, paymentId: r.paymentId }) : undefined;
  const [trace, related, clocks, audit, ctx] = await Promise.all([
    receiptTrace(db, r),
    listMismatchesOfReceipt(db, { portalId: portal.id, receiptId: r.id }),
    clocksAround(db, portal.id, [payment?.datePaid, r.createdAt, r.fiscalAt]),
    listAuditBySubjects(db, { portalId: portal.id, subjects: [`receipt:${r.id}`] }),
    context(db, portal),
  ]);
  return { type: "receipt" as const, receipt: trace, mismatches: related.map(mismatchView), payment: paymentView(payment), clocks, audit: audit.map(auditView), ...ctx };
}
