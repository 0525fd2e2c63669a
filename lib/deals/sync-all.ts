import type { Db } from "@/lib/db/client";
import { listInstalledPortals } from "@/lib/db/queries/portals";
import { log } from "@/lib/log";
import { sampleClocksIfDue } from "@/lib/clocks/sample-clocks";
import { backfillPayments } from "./backfill";
import { reconcilePortal } from "@/lib/mismatches/reconcile-portal";
import { pruneIfDue } from "@/lib/maintenance/prune";
import { notifyNewMismatches } from "@/lib/support/notify";
import { syncPayments } from "./sync-payments";

const RECONCILE_DAYS = 3;

/**
 * The scheduled sync: every installed portal's payment events, a step of its backfill, its clocks, reconciliation and
 * its digest, then (hourly) the pruning of old logs and finished jobs.
 */
export async function syncAllPortals(db: Db): Promise<{ portals: number; events: number }> {
  let events = 0;
  const portals = await listInstalledPortals(db);
  for (const portal of portals) {
    try {
      events += await syncPayments(db, portal);
      await backfillPayments(db, portal);
      // Clocks before reconciling, so new findings carry the offsets that explain them.
      await sampleClocksIfDue(db, portal);
      // The last three days again: late receipts, late payment events and fixes close or open findings.
      await reconcilePortal(db, portal, { from: new Date(Date.now() - RECONCILE_DAYS * 86_400_000), to: new Date() });
      await notifyNewMismatches(db, portal);
      await pruneIfDue(db, portal.id);
    } catch (err) {
      log.warn("payments sync failed", { portalId: portal.id, error: err });
    }
  }
  return { portals: portals.length, events };
}
