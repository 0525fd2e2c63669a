import { BitrixRestError, portalRest } from "@/lib/bitrix/portal-client";
import type { Db } from "@/lib/db/client";
import { completeJobs, holdPortalJobs, killJob, PORTAL_HOLD, rescheduleJob } from "@/lib/db/queries/outbox";
import { getPortalById } from "@/lib/db/queries/portals";
import { addAttempts, getReceiptsByIds, markReportedToBitrix } from "@/lib/db/queries/receipts";
import type { OutboxJob, Receipt } from "@/lib/db/schema";
import { log } from "@/lib/log";
import { fiscalFields } from "./check-status";
import type { PipelineDeps } from "./pipeline-deps";
import { backoffMs } from "./timing";

// Tells Bitrix24 the outcome with sale.cashbox.check.apply, up to 50 receipts of a portal per `batch` call, so a
// burst of receipts costs a handful of requests against the portal's 2 req/s budget.

const BATCH_MAX = 50;

/** Bitrix24's "slow down" answers: the portal's request bucket is full, or the method used up its operating time. */
const LIMIT_CODES = new Set(["QUERY_LIMIT_EXCEEDED", "OPERATION_TIME_LIMIT"]);

export function applyParams(r: Receipt): Record<string, unknown> {
  if (r.status === "failed") return { UUID: r.id, STATUS: "ERROR", ERROR: r.lastError ?? "Касса отклонила чек" };
  const f = fiscalFields(r);
  return { UUID: r.id, ...f, PRINT_END_TIME: String(f.PRINT_END_TIME) };
}

export async function processApplyJobs(db: Db, jobs: OutboxJob[], deps: PipelineDeps): Promise<void> {
  const byPortal = new Map<string, OutboxJob[]>();
  for (const job of jobs) byPortal.set(job.portalId, [...(byPortal.get(job.portalId) ?? []), job]);
  for (const [portalId, portalJobs] of byPortal) {
    for (let i = 0; i < portalJobs.length; i += BATCH_MAX) await applyChunk(db, portalId, portalJobs.slice(i, i + BATCH_MAX), deps);
  }
}

async function applyChunk(db: Db, portalId: string, jobs: OutboxJob[], deps: PipelineDeps): Promise<void> {
  const portal = await getPortalById(db, portalId);
  if (!portal || portal.status !== "installed") {
    for (const job of jobs) await killJob(db, job, "portal is not installed");
    return;
  }
  // A whole chunk costs a handful of statements, not a few per receipt: one read, one batch, one write of each kind.
  const byId = new Map((await getReceiptsByIds(db, { portalId, ids: jobs.flatMap((j) => (j.receiptId ? [j.receiptId] : [])) })).map((r) => [r.id, r]));
  const pending: { job: OutboxJob; receipt: Receipt }[] = [];
  const nothingToSay: OutboxJob[] = [];
  for (const job of jobs) {
    const receipt = job.receiptId ? byId.get(job.receiptId) : undefined;
    if (receipt && (receipt.status === "fiscalised" || (receipt.status === "failed" && !receipt.bitrixReportedAt))) pending.push({ job, receipt });
    else nothingToSay.push(job);
  }
  await completeJobs(db, nothingToSay);
  if (!pending.length) return;
  const calls = Object.fromEntries(pending.map(({ receipt }) => [receipt.id, { method: "sale.cashbox.check.apply", params: applyParams(receipt) }]));
  const started = Date.now();
  let results: Awaited<ReturnType<ReturnType<typeof portalRest>["batch"]>>;
  try {
    await deps.chaos?.("before-apply");
    results = await portalRest(db, portal).batch(calls);
    await deps.chaos?.("apply-answered");
  } catch (err) {
    // Rate limit beyond the SDK's own retries, portal down, token trouble: try the whole chunk again later.
    const reason = err instanceof Error ? err.message : String(err);
    log.warn("check.apply batch failed", { portalId, receipts: pending.length, error: reason });
    if (err instanceof BitrixRestError && LIMIT_CODES.has(err.code)) return holdChunk(db, portalId, pending.map((p) => p.job), err.code, deps);
    for (const { job } of pending) await retryOrGiveUp(db, job, backoffMs(job.attempts, deps.timing), reason, deps);
    return;
  }
  const latencyMs = Date.now() - started;
  await addAttempts(
    db,
    pending.map(({ receipt }) => {
      const res = results[receipt.id]!;
      return { portalId, receiptId: receipt.id, kind: "apply" as const, outcome: res.ok ? "ok" : res.code, detail: res.ok ? {} : { message: res.message }, latencyMs };
    }),
  );
  const delivered: { job: OutboxJob; receipt: Receipt }[] = [];
  const limited: OutboxJob[] = [];
  let limitCode = "";
  for (const { job, receipt } of pending) {
    const res = results[receipt.id]!;
    // Bitrix24 saves a reported error and then answers ERROR_CHECK_APPLY «Ошибка при печати чека…»: that is success.
    if (res.ok || (receipt.status === "failed" && res.code === "ERROR_CHECK_APPLY")) delivered.push({ job, receipt });
    else if (LIMIT_CODES.has(res.code)) {
      limited.push(job);
      limitCode = res.code;
    } else if (res.code === "ERROR_CHECK_NOT_FOUND") {
      // Bitrix24 stores our UUID only after our PRINT_URL answer is processed: an early apply races it.
      await retryOrGiveUp(db, job, deps.timing.applyRetryMs, res.code, deps);
    } else {
      await retryOrGiveUp(db, job, backoffMs(job.attempts, deps.timing), `${res.code}: ${res.message}`, deps);
    }
  }
  // Receipt first, then job: a crash between them re-sends a result Bitrix24 already has, which changes nothing there.
  await markReportedToBitrix(db, { portalId, ids: delivered.map((d) => d.receipt.id) });
  await completeJobs(db, delivered.map((d) => d.job));
  if (limited.length) await holdChunk(db, portalId, limited, limitCode, deps);
}

/**
 * The portal asked us to slow down: the whole chunk waits one back-off (the longest any of its jobs has earned), and
 * so does every other result for this portal, queued or yet to come — one request after the pause, not one per job.
 */
async function holdChunk(db: Db, portalId: string, jobs: OutboxJob[], code: string, deps: PipelineDeps): Promise<void> {
  const delayMs = backoffMs(Math.max(...jobs.map((j) => j.attempts)), deps.timing);
  for (const job of jobs) await retryOrGiveUp(db, job, delayMs, `${PORTAL_HOLD}: ${code}`, deps);
  await holdPortalJobs(db, { portalId, kind: "apply", delayMs, reason: code });
}

// A dead apply job loses nothing: CHECK_URL keeps answering from our stored result when Bitrix24 asks.
async function retryOrGiveUp(db: Db, job: OutboxJob, delayMs: number, reason: string, deps: PipelineDeps): Promise<void> {
  if (job.attempts >= deps.timing.maxApplyAttempts) await killJob(db, job, `Битрикс24 не принял результат: ${reason}`);
  else await rescheduleJob(db, job, delayMs, reason);
}
