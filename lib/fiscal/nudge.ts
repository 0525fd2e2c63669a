import { after } from "next/server";
import { getDb } from "@/lib/db";
import { log } from "@/lib/log";
import { drainOutbox } from "./drain";

/** How long an after() nudge keeps draining after the response (serverless functions stop at maxDuration). */
const NUDGE_BUDGET_MS = 25_000;

const g = globalThis as unknown as { __b24kassaNudge?: { running: Promise<void> | null; again: boolean } };
const state = (g.__b24kassaNudge ??= { running: null, again: false });

/**
 * Drains the outbox after the response is sent, so a receipt usually reaches the provider within a second.
 * One drain per process at a time: a nudge while one runs only asks it for another round (it keeps going while work
 * is due anyway). A drain per request — hundreds under a burst, each polling the database — was what made PRINT_URL
 * slow under load.
 * Not durable (a crash loses the nudge, never the job): the cron route and the interval worker are the safety net.
 * Outside a Next.js request (tests calling handlers directly) there is no after(); the caller drains itself.
 */
export function nudgeDrain(): void {
  try {
    after(() => {
      if (state.running) {
        state.again = true;
        // Keep this invocation alive while the drain that will take its job runs (serverless freezes idle ones).
        return state.running;
      }
      return startDrain();
    });
  } catch {
    // not inside a request scope
  }
}

function startDrain(): Promise<void> {
  state.running = drainRounds().finally(() => {
    state.running = null;
    // A nudge that came in just as the last round found nothing due: its job must not wait for the cron.
    if (state.again) void startDrain();
  });
  return state.running;
}

async function drainRounds(): Promise<void> {
  const deadline = Date.now() + NUDGE_BUDGET_MS;
  do {
    state.again = false;
    await drainOutbox(await getDb(), { budgetMs: deadline - Date.now() }).catch((err) => log.error("drain after response failed", { error: err }));
  } while (state.again && Date.now() < deadline - 1_000);
}
