import { and, desc, eq, gte, inArray, lt, lte, sql } from "drizzle-orm";
import type { Mismatch } from "@/lib/reconcile/types";
import type { DomainReceipt } from "@/lib/receipts/types";
import type { Db } from "../client";
import { crmPayments, mismatches, receipts, type MismatchRow } from "../schema";

/** Rows per INSERT: 13 parameters each stays far below Postgres's 65 535 bind parameters. */
const UPSERT_CHUNK = 1000;

/**
 * Stores a reconciliation run's findings: new keys are inserted, known ones refreshed (their status, assignee and
 * note are kept). One multi-row statement per chunk — a month's run is a handful of statements, not one per finding.
 */
export async function upsertMismatches(db: Db, portalId: string, found: readonly (Mismatch & { profileId?: string | null })[]): Promise<void> {
  for (let i = 0; i < found.length; i += UPSERT_CHUNK) {
    const rows = found.slice(i, i + UPSERT_CHUNK).map((m) => ({
      portalId,
      key: m.key,
      kind: m.kind,
      cause: m.cause,
      receiptIds: m.receiptIds,
      paymentId: m.paymentId,
      dealId: m.dealId,
      expectedKop: m.expectedKop,
      actualKop: m.actualKop,
      deltaKop: m.deltaKop,
      evidence: m.evidence,
      day: m.day,
      profileId: m.profileId ?? null,
    }));
    const excluded = (c: string) => sql.raw(`excluded.${c}`);
    await db
      .insert(mismatches)
      .values(rows)
      .onConflictDoUpdate({
        target: [mismatches.portalId, mismatches.key],
        set: {
          kind: excluded("kind"),
          cause: excluded("cause"),
          receiptIds: excluded("receipt_ids"),
          paymentId: excluded("payment_id"),
          dealId: excluded("deal_id"),
          expectedKop: excluded("expected_kop"),
          actualKop: excluded("actual_kop"),
          deltaKop: excluded("delta_kop"),
          evidence: excluded("evidence"),
          day: excluded("day"),
          profileId: excluded("profile_id"),
          lastSeenAt: sql`now()`,
        },
      });
  }
}

/** Open findings of the period that the latest run no longer sees were fixed meanwhile: they close themselves. */
export async function closeVanished(db: Db, p: { portalId: string; fromDay: string; toDay: string; runStartedAt: Date }): Promise<number> {
  const rows = await db
    .update(mismatches)
    .set({ status: "resolved", note: "Расхождение исчезло при повторной сверке" })
    .where(and(eq(mismatches.portalId, p.portalId), eq(mismatches.status, "open"), gte(mismatches.day, p.fromDay), lte(mismatches.day, p.toDay), lt(mismatches.lastSeenAt, p.runStartedAt)))
    .returning({ id: mismatches.id });
  return rows.length;
}

export async function listMismatches(db: Db, p: { portalId: string; statuses?: MismatchRow["status"][]; limit: number }): Promise<MismatchRow[]> {
  const where = p.statuses?.length ? and(eq(mismatches.portalId, p.portalId), inArray(mismatches.status, p.statuses)) : eq(mismatches.portalId, p.portalId);
  return db.select().from(mismatches).where(where).orderBy(desc(mismatches.day), desc(mismatches.lastSeenAt)).limit(p.limit);
}

/**
 * Payments paid in the period (portal clock) and all receipts created in it, for one reconciliation run — only the
 * columns reconciliation reads (a month is 100 000 rows of each; the Bitrix payload and company details stay behind).
 */
export async function loadReconcileInputs(db: Db, p: { portalId: string; from: Date; to: Date }) {
  // Two queries at once: on a pool they overlap (PGlite serialises them, which is fine).
  const paymentsQuery = db
    .select({ paymentId: crmPayments.paymentId, dealId: crmPayments.dealId, sumKop: crmPayments.sumKop, paid: crmPayments.paid, datePaid: crmPayments.datePaid })
    .from(crmPayments)
    .where(and(eq(crmPayments.portalId, p.portalId), gte(crmPayments.datePaid, p.from), lte(crmPayments.datePaid, p.to)));
  const receiptsQuery = db
    .select({
      id: receipts.id,
      profileId: receipts.profileId,
      source: receipts.source,
      checkType: receipts.checkType,
      operation: receipts.operation,
      status: receipts.status,
      totalKop: receipts.totalKop,
      items: sql<DomainReceipt["items"]>`${receipts.receipt}->'items'`,
      payments: sql<DomainReceipt["payments"]>`${receipts.receipt}->'payments'`,
      fiscal: receipts.fiscal,
      paymentId: receipts.paymentId,
      dealId: receipts.dealId,
      createdAt: receipts.createdAt,
      bitrixCreatedAt: receipts.bitrixCreatedAt,
      lastError: receipts.lastError,
    })
    .from(receipts)
    .where(and(eq(receipts.portalId, p.portalId), gte(receipts.createdAt, p.from), lte(receipts.createdAt, p.to)));
  const [payments, rows] = await Promise.all([paymentsQuery, receiptsQuery]);
  return { payments, receipts: rows };
}

export type ReconcileInputs = Awaited<ReturnType<typeof loadReconcileInputs>>;

/** The database's clock: runs compare against the times the database itself wrote. */
export async function dbNow(db: Db): Promise<Date> {
  const [row] = await db.select({ now: sql<string>`now()` }).from(sql`(select 1) as one`);
  return new Date(row!.now);
}
