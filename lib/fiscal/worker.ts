import { getDb } from "@/lib/db";
import { env } from "@/lib/env";
import { log } from "@/lib/log";
import { drainOutbox } from "./drain";

const g = globalThis as unknown as { __b24kassaWorker?: NodeJS.Timeout };

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
  log.info("outbox worker started", { intervalMs: e.OUTBOX_WORKER_INTERVAL_MS });
}
