import { after } from "next/server";
import { getDb } from "@/lib/db";
import { log } from "@/lib/log";
import { drainOutbox } from "./drain";

/** How long an after() nudge keeps draining after the response (serverless functions stop at maxDuration). */
const NUDGE_BUDGET_MS = 25_000;

/**
 * Drains the outbox after the response is sent, so a receipt usually reaches the provider within a second.
 * Not durable (a crash loses the nudge, never the job): the cron route and the interval worker are the safety net.
 * Outside a Next.js request (tests calling handlers directly) there is no after(); the caller drains itself.
 */
export function nudgeDrain(): void {
  try {
    after(async () => {
      await drainOutbox(await getDb(), { budgetMs: NUDGE_BUDGET_MS }).catch((err) => log.error("drain after response failed", { error: err }));
    });
  } catch {
    // not inside a request scope
  }
}
