// Next.js calls register() once per server process. On a long-running Node server (npm run dev, next start on a
// VM) it starts the in-process outbox worker; on serverless hosts set OUTBOX_WORKER_INTERVAL_MS=0 and rely on the
// after() nudges plus /api/cron/drain.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startOutboxWorker } = await import("./lib/fiscal/worker");
  startOutboxWorker();
}
