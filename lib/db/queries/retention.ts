import { and, eq, lt } from "drizzle-orm";
import type { Db } from "../client";
import { clockSamples, outboxJobs, restCalls } from "../schema";

// What a portal's tables shed with age. Receipts, mismatches and audit rows are never pruned: they are the record.

export interface RetentionCutoffs {
  /** Finished outbox jobs (their receipts keep every step). Dead jobs stay for support. */
  doneJobsBefore: Date;
  /** REST call logs (the Market asks for at least 3 days). */
  restCallsBefore: Date;
  /** Clock samples (the diagnostics page shows a month at most). */
  clockSamplesBefore: Date;
}

export async function pruneForPortal(db: Db, portalId: string, c: RetentionCutoffs): Promise<{ jobs: number; restCalls: number; clockSamples: number }> {
  const [jobs, calls, samples] = await Promise.all([
    db.delete(outboxJobs).where(and(eq(outboxJobs.portalId, portalId), eq(outboxJobs.status, "done"), lt(outboxJobs.updatedAt, c.doneJobsBefore))).returning({ id: outboxJobs.id }),
    db.delete(restCalls).where(and(eq(restCalls.portalId, portalId), lt(restCalls.at, c.restCallsBefore))).returning({ id: restCalls.id }),
    db.delete(clockSamples).where(and(eq(clockSamples.portalId, portalId), lt(clockSamples.measuredAt, c.clockSamplesBefore))).returning({ id: clockSamples.id }),
  ]);
  return { jobs: jobs.length, restCalls: calls.length, clockSamples: samples.length };
}
