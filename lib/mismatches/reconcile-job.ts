import type { Db } from "@/lib/db/client";
import { completeJob } from "@/lib/db/queries/outbox";
import { getPortalById } from "@/lib/db/queries/portals";
import type { OutboxJob } from "@/lib/db/schema";
import { recordFiscalSamples } from "@/lib/clocks/sample-clocks";
import { reconcilePortal } from "./reconcile-portal";

// The outbox job that reconciles a portal after its receipts complete: the fiscal drive's clock samples of the new
// receipts first (no remote call), then the recent days, so a finding carries the offsets that explain it.

/** Receipts complete within minutes of their payment; a late event or a retry within a day or two. */
const RECENT_MS = 2 * 86_400_000;

export async function processReconcileJob(db: Db, job: OutboxJob): Promise<void> {
  const portal = await getPortalById(db, job.portalId);
  if (portal?.status === "installed") {
    await recordFiscalSamples(db, portal.id);
    const now = new Date();
    await reconcilePortal(db, portal, { from: new Date(now.getTime() - RECENT_MS), to: now }, now);
  }
  await completeJob(db, job);
}
