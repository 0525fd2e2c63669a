import { and, asc, desc, eq, gte, inArray, isNotNull, lte, or, sql } from "drizzle-orm";
import type { Db } from "../client";
import { clockSamples, mismatches, receipts, type ClockSampleRow, type NewClockSample } from "../schema";

// Clock measurements of a portal (issue 5): the portal's clock, each cashbox's provider clock and fiscal drive.

export async function insertClockSamples(db: Db, rows: readonly NewClockSample[]): Promise<ClockSampleRow[]> {
  if (!rows.length) return [];
  return db.insert(clockSamples).values([...rows]).returning();
}

/** The portal's samples measured within [from, to] (our clock), oldest first; optionally of some sources only. */
export async function listClockSamples(
  db: Db,
  p: { portalId: string; from: Date; to: Date; sources?: ClockSampleRow["source"][]; limit?: number },
): Promise<ClockSampleRow[]> {
  const where = and(
    eq(clockSamples.portalId, p.portalId),
    gte(clockSamples.measuredAt, p.from),
    lte(clockSamples.measuredAt, p.to),
    p.sources?.length ? inArray(clockSamples.source, p.sources) : undefined,
  );
  return db.select().from(clockSamples).where(where).orderBy(asc(clockSamples.measuredAt)).limit(p.limit ?? 5000);
}

/**
 * The period's samples for a chart: the newest of each source and cashbox per hour, oldest first — a month of busy
 * fiscal samples (one per receipt) stays a few hundred points per line, and the newest measurement is always in.
 */
export async function listClockSamplesHourly(db: Db, p: { portalId: string; from: Date; to: Date }): Promise<ClockSampleRow[]> {
  const hour = sql`date_trunc('hour', ${clockSamples.measuredAt})`;
  const newestPerHour = db
    .selectDistinctOn([clockSamples.source, clockSamples.profileId, hour])
    .from(clockSamples)
    .where(and(eq(clockSamples.portalId, p.portalId), gte(clockSamples.measuredAt, p.from), lte(clockSamples.measuredAt, p.to)))
    .orderBy(clockSamples.source, clockSamples.profileId, hour, desc(clockSamples.measuredAt))
    .as("newest_per_hour");
  return db.select().from(newestPerHour).orderBy(asc(newestPerHour.measuredAt));
}

/** When the portal's latest sample of a source was measured (our clock); null when it has none. */
export async function lastSampleAt(db: Db, p: { portalId: string; source: ClockSampleRow["source"] }): Promise<Date | null> {
  const [row] = await db
    .select({ at: clockSamples.measuredAt })
    .from(clockSamples)
    .where(and(eq(clockSamples.portalId, p.portalId), eq(clockSamples.source, p.source)))
    .orderBy(desc(clockSamples.measuredAt))
    .limit(1);
  return row?.at ?? null;
}

/**
 * Receipts fiscalised since `since` that have no fiscal-drive sample yet, with what the sample needs: the document's
 * own time, when we learnt it, and when the register call of that attempt went out (the earliest, at − latency).
 */
export async function receiptsWithoutFiscalSample(db: Db, p: { portalId: string; since: Date; limit: number }) {
  // Qualified by hand: inside a sub-select drizzle prints bare column names, which would bind to the inner table.
  const registerSentAt = sql<string | null>`(
    select min(a.at - make_interval(secs => a.latency_ms / 1000.0))
    from receipt_attempts a
    where a.receipt_id = "receipts"."id" and a.kind = 'register' and a.external_id = "receipts"."external_id"
  )`;
  const rows = await db
    .select({ id: receipts.id, profileId: receipts.profileId, fiscal: receipts.fiscal, fiscalisedAt: receipts.fiscalisedAt, registeredAt: receipts.registeredAt, registerSentAt })
    .from(receipts)
    .where(
      and(
        eq(receipts.portalId, p.portalId),
        isNotNull(receipts.fiscalAt),
        gte(receipts.fiscalisedAt, p.since),
        sql`not exists (select 1 from clock_samples c where c.portal_id = "receipts"."portal_id" and c.source = 'fiscal' and c.receipt_id = "receipts"."id")`,
      ),
    )
    .orderBy(asc(receipts.fiscalisedAt))
    .limit(p.limit);
  return rows.map((r) => ({ ...r, registerSentAt: r.registerSentAt ? new Date(r.registerSentAt) : null }));
}

/**
 * Queue delays per portal-zone day: from our accepting a receipt to our learning it was fiscalised (both on our
 * clock, so no clock error enters), with the median, p95, maximum and how many exceeded the threshold.
 */
export async function queueDelaysByDay(db: Db, p: { portalId: string; from: Date; to: Date; zone: string; thresholdMs: number }) {
  const delay = sql`extract(epoch from (${receipts.fiscalisedAt} - ${receipts.createdAt})) * 1000`;
  const day = sql<string>`to_char(timezone(${p.zone}, ${receipts.fiscalisedAt}), 'YYYY-MM-DD')`;
  const rows = await db
    .select({
      day,
      count: sql<number>`count(*)::int`,
      p50Ms: sql<number>`percentile_cont(0.5) within group (order by ${delay})`,
      p95Ms: sql<number>`percentile_cont(0.95) within group (order by ${delay})`,
      maxMs: sql<number>`max(${delay})`,
      overThreshold: sql<number>`count(*) filter (where ${delay} > ${p.thresholdMs})::int`,
    })
    .from(receipts)
    .where(and(eq(receipts.portalId, p.portalId), isNotNull(receipts.fiscalisedAt), gte(receipts.fiscalisedAt, p.from), lte(receipts.fiscalisedAt, p.to)))
    // By position: the zone is a bound parameter, so the expression repeated in GROUP BY would not match the select.
    .groupBy(sql`1`);
  return rows.map((r) => ({ day: r.day, count: Number(r.count), p50Ms: Math.round(Number(r.p50Ms)), p95Ms: Math.round(Number(r.p95Ms)), maxMs: Math.round(Number(r.maxMs)), overThreshold: Number(r.overThreshold) }));
}

/** Findings of the period that clocks can explain: corrected with a sample, or caused by a zone, skew or queue. */
export async function findingsWithClocks(db: Db, p: { portalId: string; fromDay: string; toDay: string; limit: number }) {
  return db
    .select({ id: mismatches.id, kind: mismatches.kind, cause: mismatches.cause, day: mismatches.day, dealId: mismatches.dealId, deltaKop: mismatches.deltaKop, status: mismatches.status, evidence: mismatches.evidence })
    .from(mismatches)
    .where(
      and(
        eq(mismatches.portalId, p.portalId),
        gte(mismatches.day, p.fromDay),
        lte(mismatches.day, p.toDay),
        or(inArray(mismatches.cause, ["time_zone", "clock_skew", "queue_delay"]), sql`${mismatches.evidence} ? 'fiscalClock'`, sql`${mismatches.evidence} ? 'portalClock'`),
      ),
    )
    .orderBy(desc(mismatches.day))
    .limit(p.limit);
}
