import { and, asc, eq, gte, inArray, lte } from "drizzle-orm";
import type { Db } from "../client";
import { clockSamples, type ClockSampleRow, type NewClockSample } from "../schema";

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
