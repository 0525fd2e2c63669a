import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { clockSamples, outboxJobs, restCalls } from "@/lib/db/schema";
import { pruneIfDue } from "@/lib/maintenance/prune";
import { useTestDb } from "../helpers/db";
import { seedPortal } from "../helpers/seed";

// Old finished jobs, REST logs and clock samples are pruned, hourly, per portal; what is recent, unfinished or another
// portal's stays.

const t = useTestDb();
const DAY = 86_400_000;

describe("retention", () => {
  it("prunes a portal's finished jobs after 7 days, REST logs after 30 and clock samples after 92, once an hour", async () => {
    const now = Date.now();
    const a = await seedPortal(t.db);
    const b = await seedPortal(t.db);
    const ago = (days: number) => new Date(now - days * DAY);
    for (const p of [a.portal, b.portal]) {
      await t.db.insert(outboxJobs).values([
        { portalId: p.id, kind: "apply", idempotencyKey: "done-old", status: "done", updatedAt: ago(8) },
        { portalId: p.id, kind: "apply", idempotencyKey: "done-new", status: "done", updatedAt: ago(6) },
        { portalId: p.id, kind: "fiscalise", idempotencyKey: "dead-old", status: "dead", updatedAt: ago(40) },
        { portalId: p.id, kind: "fiscalise", idempotencyKey: "pending-old", status: "pending", updatedAt: ago(40) },
      ]);
      await t.db.insert(restCalls).values([
        { portalId: p.id, method: "server.time", ok: "ok", durationMs: 5, at: ago(31) },
        { portalId: p.id, method: "server.time", ok: "ok", durationMs: 5, at: ago(4) },
      ]);
      await t.db.insert(clockSamples).values([
        { portalId: p.id, source: "portal", method: "rest-time", offsetMs: 0, uncertaintyMs: 1, measuredAt: ago(93) },
        { portalId: p.id, source: "portal", method: "rest-time", offsetMs: 0, uncertaintyMs: 1, measuredAt: ago(30) },
      ]);
    }

    expect(await pruneIfDue(t.db, a.portal.id, now)).toBe(true);
    const keys = (await t.db.select().from(outboxJobs).where(eq(outboxJobs.portalId, a.portal.id))).map((j) => j.idempotencyKey).sort();
    expect(keys).toEqual(["dead-old", "done-new", "pending-old"]);
    expect(await t.db.select().from(restCalls).where(eq(restCalls.portalId, a.portal.id))).toHaveLength(1);
    expect(await t.db.select().from(clockSamples).where(eq(clockSamples.portalId, a.portal.id))).toHaveLength(1);
    // Portal B's rows are B's business.
    expect(await t.db.select().from(outboxJobs).where(eq(outboxJobs.portalId, b.portal.id))).toHaveLength(4);
    expect(await t.db.select().from(restCalls).where(eq(restCalls.portalId, b.portal.id))).toHaveLength(2);

    // Within the hour nothing runs again, even with new old rows.
    await t.db.insert(restCalls).values({ portalId: a.portal.id, method: "server.time", ok: "ok", durationMs: 5, at: ago(60) });
    expect(await pruneIfDue(t.db, a.portal.id, now + 60_000)).toBe(false);
    expect(await t.db.select().from(restCalls).where(eq(restCalls.portalId, a.portal.id))).toHaveLength(2);
    expect(await pruneIfDue(t.db, a.portal.id, now + 3_600_000)).toBe(true);
    expect(await t.db.select().from(restCalls).where(eq(restCalls.portalId, a.portal.id))).toHaveLength(1);
  });
});
