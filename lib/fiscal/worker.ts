import { getDb } from "@/lib/db";
import { env } from "@/lib/env";
import { log } from "@/lib/log";
import { syncAllPortals } from "@/lib/deals/sync-all";
import { drainOutbox } from "./drain";

const g = globalThis as unknown as { __b24kassaWorker?: NodeJS.Timeout; __b24kassaSync?: NodeJS.Timeout };

/** CRM payments are synced less often than receipts are drained (events queue at Bitrix24 meanwhile). */
const PAYMENTS_SYNC_MS = 60_000;

/** Drains the outbox every OUTBOX_WORKER_INTERVAL_MS in this process (one loop per process, never overlapping). */
export function startOutboxWorker(): void {
  const e = env();
  if (!e.OUTBOX_WORKER_INTERVAL_MS || e.NEXT_PHASE === "phase-production-build" || g.__b24kassaWorker) return;
  let running = false;
  g.__b24kassaWorker = setInterval(async () => {
    if (running) return;
    running = true;
    try {
      await drainOutbox(await getDb(), { budgetMs: Math.max(1_000, e.OUTBOX_WORKER_INTERVAL_MS - 100) });
    } catch (err) {
      log.error("outbox worker round failed", { error: err });
    } finally {
      running = false;
    }
  }, e.OUTBOX_WORKER_INTERVAL_MS);
  g.__b24kassaWorker.unref();
  let syncing = false;
  g.__b24kassaSync = setInterval(async () => {
    if (syncing) return;
    syncing = true;
    try {
      await syncAllPortals(await getDb());
    } catch (err) {
      log.error("payments sync round failed", { error: err });
    } finally {
      syncing = false;
    }
  }, PAYMENTS_SYNC_MS);
  g.__b24kassaSync.unref();
  log.info("outbox worker started", { intervalMs: e.OUTBOX_WORKER_INTERVAL_MS });
}
