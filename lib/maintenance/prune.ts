import type { Db } from "@/lib/db/client";
import { pruneForPortal } from "@/lib/db/queries/retention";
import { log } from "@/lib/log";

// Keeps the tables that grow with every receipt from growing forever: finished outbox jobs after a week, REST call
// logs after 30 days (the Market asks for ≥ 3), clock samples after 92 days. At most once an hour per portal and
// process: the scheduled sync calls it every minute.

const DAY_MS = 86_400_000;
export const RETENTION = { doneJobsDays: 7, restCallsDays: 30, clockSamplesDays: 92 } as const;
const EVERY_MS = 3_600_000;

const lastRun = new Map<string, number>();

export async function pruneIfDue(db: Db, portalId: string, now = Date.now()): Promise<boolean> {
  if (now - (lastRun.get(portalId) ?? 0) < EVERY_MS) return false;
  lastRun.set(portalId, now);
  const pruned = await pruneForPortal(db, portalId, {
    doneJobsBefore: new Date(now - RETENTION.doneJobsDays * DAY_MS),
    restCallsBefore: new Date(now - RETENTION.restCallsDays * DAY_MS),
    clockSamplesBefore: new Date(now - RETENTION.clockSamplesDays * DAY_MS),
  });
  if (pruned.jobs || pruned.restCalls || pruned.clockSamples) log.info("old rows pruned", { portalId, ...pruned });
  return true;
}
