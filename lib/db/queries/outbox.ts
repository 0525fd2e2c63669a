import { and, eq, inArray, lte, or, sql } from "drizzle-orm";
import type { Db } from "../client";
import { outboxJobs, receipts, type JobKind, type NewReceipt, type OutboxJob } from "../schema";

// The outbox's SQL. Time comparisons use the database clock (now()), so instances with skewed clocks agree.

export interface EnqueueParams {
  portalId: string;
  receiptId: string;
  kind: JobKind;
  /** Unique per portal: enqueueing the same key twice keeps one job. */
  key: string;
  delayMs?: number;
  /** Not before the portal's hold on this kind of job ends (see holdPortalJobs). */
  behindHold?: boolean;
}

/** lastError of jobs held back because Bitrix24 asked us to slow down (request bucket or operating-time limit). */
export const PORTAL_HOLD = "Битрикс24 просит подождать";

/** Inserts a job (inside the caller's transaction); a second insert with the same key does nothing. */
export async function enqueueJob(db: Db, p: EnqueueParams): Promise<void> {
  const at = sql`now() + ${p.delayMs ?? 0} * interval '1 millisecond'`;
  const hold = sql`(select max(h.run_at) from outbox_jobs h where h.portal_id = ${p.portalId} and h.kind = ${p.kind} and h.status = 'pending' and h.last_error like ${`${PORTAL_HOLD}%`})`;
  await db
    .insert(outboxJobs)
    .values({
      portalId: p.portalId,
      receiptId: p.receiptId,
      kind: p.kind,
      idempotencyKey: p.key,
      runAt: p.behindHold ? sql`greatest(${at}, coalesce(${hold}, ${at}))` : at,
    })
    .onConflictDoNothing({ target: [outboxJobs.portalId, outboxJobs.idempotencyKey] });
}

/**
 * A new receipt and its fiscalise job in one statement (a data-modifying CTE is atomic like a transaction, and costs
 * one round trip instead of four — PRINT_URL's hot path). False when a receipt with the same Bitrix uuid exists.
 */
export async function insertReceiptWithJob(db: Db, values: NewReceipt): Promise<boolean> {
  const receipt = db.insert(receipts).values(values).onConflictDoNothing().returning({ id: receipts.id, portalId: receipts.portalId });
  const result = await db.execute(
    sql`with r as (${receipt.getSQL()}) insert into outbox_jobs (portal_id, receipt_id, kind, idempotency_key) select r.portal_id, r.id, 'fiscalise', 'fiscalise:' || r.id::text from r on conflict do nothing returning receipt_id`,
  );
  return (result as unknown as { rows: unknown[] }).rows.length > 0;
}

export interface ClaimParams {
  kinds: JobKind[];
  limit: number;
  workerId: string;
  leaseMs: number;
  /**
   * Once any job is due, also take those due within this many ms: jobs that are sent together (check.apply in one
   * batch) leave together instead of one round trip each as they come due one by one.
   */
  earlyMs?: number;
}

/**
 * Claims due jobs in one statement: pending ones whose time has come, and running ones whose lease expired
 * (their worker died). SKIP LOCKED lets any number of workers claim side by side without taking the same job.
 */
export async function claimJobs(db: Db, p: ClaimParams): Promise<OutboxJob[]> {
  const due = db
    .select({ id: outboxJobs.id })
    .from(outboxJobs)
    .where(
      and(
        inArray(outboxJobs.kind, p.kinds),
        or(
          and(eq(outboxJobs.status, "pending"), lte(outboxJobs.runAt, p.earlyMs ? sql`now() + ${p.earlyMs} * interval '1 millisecond'` : sql`now()`)),
          and(eq(outboxJobs.status, "running"), lte(outboxJobs.lockedUntil, sql`now()`)),
        ),
        p.earlyMs
          ? sql`exists (select 1 from outbox_jobs d where d.kind in ${p.kinds} and ((d.status = 'pending' and d.run_at <= now()) or (d.status = 'running' and d.locked_until <= now())))`
          : undefined,
      ),
    )
    // By due time (the index's order), oldest first among jobs due at the same moment — releaseBackedOff makes a
    // provider's backlog due at one moment, so it leaves in the order it came in.
    .orderBy(outboxJobs.runAt, outboxJobs.createdAt)
    .limit(p.limit)
    .for("update", { skipLocked: true });
  return db
    .update(outboxJobs)
    .set({
      status: "running",
      attempts: sql`${outboxJobs.attempts} + 1`,
      lockedBy: p.workerId,
      lockedUntil: sql`now() + ${p.leaseMs} * interval '1 millisecond'`,
      updatedAt: sql`now()`,
    })
    .where(inArray(outboxJobs.id, due))
    .returning();
}

const held = (job: OutboxJob) => and(eq(outboxJobs.id, job.id), eq(outboxJobs.status, "running"), eq(outboxJobs.lockedBy, job.lockedBy!));

/** Marks the job done — only if this worker still holds it. Returns false when the lease was lost. */
export async function completeJob(db: Db, job: OutboxJob): Promise<boolean> {
  const rows = await db.update(outboxJobs).set({ status: "done", lockedUntil: null, lastError: null, updatedAt: sql`now()` }).where(held(job)).returning({ id: outboxJobs.id });
  return rows.length > 0;
}

/** completeJob for many jobs of one worker in one statement; returns the ids it still held. */
export async function completeJobs(db: Db, jobs: OutboxJob[]): Promise<string[]> {
  if (!jobs.length) return [];
  const rows = await db
    .update(outboxJobs)
    .set({ status: "done", lockedUntil: null, lastError: null, updatedAt: sql`now()` })
    .where(and(inArray(outboxJobs.id, jobs.map((j) => j.id)), eq(outboxJobs.status, "running"), eq(outboxJobs.lockedBy, jobs[0]!.lockedBy!)))
    .returning({ id: outboxJobs.id });
  return rows.map((r) => r.id);
}

/** rescheduleJob for many jobs of one worker, all to run after `delayMs`. */
export async function rescheduleJobs(db: Db, jobs: OutboxJob[], delayMs: number, lastError: string | null): Promise<void> {
  if (!jobs.length) return;
  await db
    .update(outboxJobs)
    .set({ status: "pending", runAt: sql`now() + ${Math.max(0, Math.round(delayMs))} * interval '1 millisecond'`, lockedUntil: null, lastError, updatedAt: sql`now()` })
    .where(and(inArray(outboxJobs.id, jobs.map((j) => j.id)), eq(outboxJobs.status, "running"), eq(outboxJobs.lockedBy, jobs[0]!.lockedBy!)));
}

/** The receipt's waiting job of this kind is no longer needed (its result came another way). */
export async function settlePendingJob(db: Db, p: { portalId: string; receiptId: string; kind: JobKind }): Promise<void> {
  await db
    .update(outboxJobs)
    .set({ status: "done", lockedUntil: null, lastError: null, updatedAt: sql`now()` })
    .where(and(eq(outboxJobs.portalId, p.portalId), eq(outboxJobs.receiptId, p.receiptId), eq(outboxJobs.kind, p.kind), eq(outboxJobs.status, "pending")));
}

/** Puts the job back to run after `delayMs`. */
export async function rescheduleJob(db: Db, job: OutboxJob, delayMs: number, lastError?: string | null): Promise<boolean> {
  const rows = await db
    .update(outboxJobs)
    .set({
      status: "pending",
      runAt: sql`now() + ${Math.max(0, Math.round(delayMs))} * interval '1 millisecond'`,
      lockedUntil: null,
      lastError: lastError ?? null,
      updatedAt: sql`now()`,
    })
    .where(held(job))
    .returning({ id: outboxJobs.id });
  return rows.length > 0;
}

/**
 * Bitrix24 said "slow down" for this portal: its pending jobs of this kind wait at least `delayMs` (and, through
 * enqueueJob's behindHold, so do new ones), so the portal sees one request after the pause, not one per job.
 */
export async function holdPortalJobs(db: Db, p: { portalId: string; kind: JobKind; delayMs: number; reason: string }): Promise<void> {
  const until = sql`now() + ${Math.max(0, Math.round(p.delayMs))} * interval '1 millisecond'`;
  await db
    .update(outboxJobs)
    .set({ runAt: until, lastError: `${PORTAL_HOLD}: ${p.reason}`, updatedAt: sql`now()` })
    .where(and(eq(outboxJobs.portalId, p.portalId), eq(outboxJobs.kind, p.kind), eq(outboxJobs.status, "pending"), lte(outboxJobs.runAt, until)));
}

/** Gives up on a job; support sees it with the reason. */
export async function killJob(db: Db, job: OutboxJob, reason: string): Promise<boolean> {
  const rows = await db.update(outboxJobs).set({ status: "dead", lockedUntil: null, lastError: reason, updatedAt: sql`now()` }).where(held(job)).returning({ id: outboxJobs.id });
  return rows.length > 0;
}

/** Runs the receipt's pending fiscalise job now (a provider callback says there is news). */
export async function nudgeJob(db: Db, p: { portalId: string; receiptId: string; kind: JobKind }): Promise<void> {
  await db
    .update(outboxJobs)
    .set({ runAt: sql`now()`, updatedAt: sql`now()` })
    .where(and(eq(outboxJobs.portalId, p.portalId), eq(outboxJobs.receiptId, p.receiptId), eq(outboxJobs.kind, p.kind), eq(outboxJobs.status, "pending")));
}

/**
 * The provider answers again: every receipt of the profile not yet registered is due now — one `now()` for all, so
 * they are claimed oldest first — instead of each waiting out its own back-off, which after a long outage would let
 * the newest receipts (the shortest waits, or none tried yet) go first.
 */
export async function releaseBackedOff(db: Db, p: { portalId: string; profileId: string }): Promise<number> {
  const waiting = db
    .select({ id: receipts.id })
    .from(receipts)
    .where(and(eq(receipts.portalId, p.portalId), eq(receipts.profileId, p.profileId), inArray(receipts.status, ["accepted", "registering"])));
  const rows = await db
    .update(outboxJobs)
    .set({ runAt: sql`now()`, updatedAt: sql`now()` })
    .where(
      and(
        eq(outboxJobs.portalId, p.portalId),
        eq(outboxJobs.kind, "fiscalise"),
        eq(outboxJobs.status, "pending"),
        inArray(outboxJobs.receiptId, waiting),
      ),
    )
    .returning({ id: outboxJobs.id });
  return rows.length;
}

export async function listJobsForReceipt(db: Db, p: { portalId: string; receiptId: string }): Promise<OutboxJob[]> {
  return db.select().from(outboxJobs).where(and(eq(outboxJobs.portalId, p.portalId), eq(outboxJobs.receiptId, p.receiptId)));
}

/** Milliseconds until the next pending job is due (0 if one is due now), or null when none is pending. */
export async function nextDueInMs(db: Db, kinds: JobKind[]): Promise<number | null> {
  const [row] = await db
    .select({ ms: sql<string | null>`extract(epoch from (min(${outboxJobs.runAt}) - now())) * 1000` })
    .from(outboxJobs)
    .where(and(eq(outboxJobs.status, "pending"), inArray(outboxJobs.kind, kinds)));
  if (!row || row.ms === null) return null;
  return Math.max(0, Number(row.ms));
}
