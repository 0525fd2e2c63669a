import { and, asc, eq, inArray, isNull, lte, or, sql } from "drizzle-orm";
import type { Db } from "../client";
import { mismatches, portalSettings, type MismatchRow } from "../schema";

// The mismatch digest's bookkeeping: which open findings nobody was told about, and a claim on the digest period so
// two instances finishing reconciliation at once send one message, not two.

export async function listUnnotifiedOpen(db: Db, p: { portalId: string; limit: number }): Promise<MismatchRow[]> {
  return db
    .select()
    .from(mismatches)
    .where(and(eq(mismatches.portalId, p.portalId), eq(mismatches.status, "open"), isNull(mismatches.notifiedAt)))
    .orderBy(asc(mismatches.firstSeenAt))
    .limit(p.limit);
}

export async function markNotified(db: Db, p: { portalId: string; ids: string[]; at: Date }): Promise<void> {
  if (!p.ids.length) return;
  await db.update(mismatches).set({ notifiedAt: p.at }).where(and(eq(mismatches.portalId, p.portalId), inArray(mismatches.id, p.ids)));
}

/**
 * Takes the digest slot: sets last_digest_at = now only when the previous digest is at least `digest_minutes` old.
 * True when this caller won the slot. The settings row must exist (the caller upserts it first).
 */
export async function claimDigest(db: Db, p: { portalId: string; now: Date }): Promise<boolean> {
  const rows = await db
    .update(portalSettings)
    .set({ lastDigestAt: p.now })
    .where(
      and(
        eq(portalSettings.portalId, p.portalId),
        or(isNull(portalSettings.lastDigestAt), lte(portalSettings.lastDigestAt, sql`${p.now.toISOString()}::timestamptz - make_interval(mins => ${portalSettings.digestMinutes})`)),
      ),
    )
    .returning({ portalId: portalSettings.portalId });
  return rows.length > 0;
}

/** Gives the slot back when the message could not be sent (the period starts over at the next attempt). */
export async function releaseDigest(db: Db, p: { portalId: string; previous: Date | null }): Promise<void> {
  await db.update(portalSettings).set({ lastDigestAt: p.previous }).where(eq(portalSettings.portalId, p.portalId));
}
