import { and, desc, eq, gte, inArray, lt, lte, sql } from "drizzle-orm";
import type { Mismatch } from "@/lib/reconcile/types";
import type { Db } from "../client";
import { crmPayments, mismatches, receipts, type MismatchRow } from "../schema";

/** Stores a reconciliation run's findings: new keys are inserted, known ones refreshed (their status is kept). */
export async function upsertMismatches(db: Db, portalId: string, found: Mismatch[]): Promise<void> {
  for (const m of found) {
    const values = {
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
    };
    await db
      .insert(mismatches)
      .values({ portalId, key: m.key, ...values })
      .onConflictDoUpdate({ target: [mismatches.portalId, mismatches.key], set: { ...values, lastSeenAt: sql`now()` } });
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

/** Payments paid in the period (portal clock) and all receipts created in it, for one reconciliation run. */
export async function loadReconcileInputs(db: Db, p: { portalId: string; from: Date; to: Date }) {
  const [payments, rows] = await Promise.all([
    db.select().from(crmPayments).where(and(eq(crmPayments.portalId, p.portalId), gte(crmPayments.datePaid, p.from), lte(crmPayments.datePaid, p.to))),
    db.select().from(receipts).where(and(eq(receipts.portalId, p.portalId), gte(receipts.createdAt, p.from), lte(receipts.createdAt, p.to))),
  ]);
  return { payments, receipts: rows };
}

/** The database's clock: runs compare against the times the database itself wrote. */
export async function dbNow(db: Db): Promise<Date> {
  const [row] = await db.select({ now: sql<string>`now()` }).from(sql`(select 1) as one`);
  return new Date(row!.now);
}
