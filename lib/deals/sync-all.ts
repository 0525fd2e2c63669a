import type { Db } from "@/lib/db/client";
import { listInstalledPortals } from "@/lib/db/queries/portals";
import { log } from "@/lib/log";
import { backfillPayments } from "./backfill";
import { syncPayments } from "./sync-payments";

/** The scheduled payments sync: every installed portal's queued payment events, then a step of its backfill. */
export async function syncAllPortals(db: Db): Promise<{ portals: number; events: number }> {
  let events = 0;
  const portals = await listInstalledPortals(db);
  for (const portal of portals) {
    try {
      events += await syncPayments(db, portal);
      await backfillPayments(db, portal);
    } catch (err) {
      log.warn("payments sync failed", { portalId: portal.id, error: err });
    }
  }
  return { portals: portals.length, events };
}
