import { randomUUID } from "node:crypto";
import type { Db } from "@/lib/db/client";
import { listProfiles } from "@/lib/db/queries/cashboxes";
import { claimJobs, nextDueInMs, rescheduleJob } from "@/lib/db/queries/outbox";
import { getReceiptsByIds } from "@/lib/db/queries/receipts";
import type { OutboxJob } from "@/lib/db/schema";
import { log } from "@/lib/log";
import { processReconcileJob } from "@/lib/mismatches/reconcile-job";
import { processApplyJobs } from "./apply-to-bitrix";
import { defaultDeps, type PipelineDeps } from "./pipeline-deps";
import { processFiscaliseJob, type Prefetched } from "./process-fiscalise";
import { processTimelineJobs } from "./timeline";
import { backoffMs } from "./timing";

// A worker: claims due jobs, runs them, and keeps going while work is due within its time budget. Any number of
// workers (after() nudges, the cron route, the in-process interval) may drain at once.

export interface DrainOptions {
  /** Stop claiming new jobs after this long. */
  budgetMs: number;
  /** Fiscalise jobs claimed per round (run concurrently). */
  concurrency?: number;
  workerId?: string;
  deps?: Partial<PipelineDeps>;
}

export interface DrainStats {
  fiscalise: number;
  apply: number;
  timeline: number;
  reconcile: number;
}

export async function drainOutbox(db: Db, opts: DrainOptions): Promise<DrainStats> {
  const deps = defaultDeps(opts.deps);
  const workerId = opts.workerId ?? `w-${randomUUID().slice(0, 8)}`;
  const deadline = Date.now() + opts.budgetMs;
  const stats: DrainStats = { fiscalise: 0, apply: 0, timeline: 0, reconcile: 0 };
  const claim = { workerId, leaseMs: deps.timing.leaseMs };
  while (Date.now() < deadline) {
    const fiscal = await claimJobs(db, { ...claim, kinds: ["fiscalise"], limit: opts.concurrency ?? 8 });
    const pre = fiscal.length ? await prefetch(db, fiscal) : undefined;
    await Promise.all(fiscal.map((job) => guarded(db, job, deps, () => processFiscaliseJob(db, job, deps, pre))));
    const apply = await claimJobs(db, { ...claim, kinds: ["apply"], limit: 200, earlyMs: deps.timing.applyLingerMs });
    if (apply.length) await processApplyJobs(db, apply, deps).catch((err) => failAll(db, apply, deps, err));
    const timeline = await claimJobs(db, { ...claim, kinds: ["timeline"], limit: 50 });
    if (timeline.length) await processTimelineJobs(db, timeline, deps).catch((err) => failAll(db, timeline, deps, err));
    // Reconciliation after receipts complete (debounced per portal and minute); no worker waits for it to fall due.
    const reconcile = await claimJobs(db, { ...claim, kinds: ["reconcile"], limit: 4 });
    for (const job of reconcile) await guarded(db, job, deps, () => processReconcileJob(db, job));
    stats.fiscalise += fiscal.length;
    stats.apply += apply.length;
    stats.timeline += timeline.length;
    stats.reconcile += reconcile.length;
    if (fiscal.length || apply.length || timeline.length || reconcile.length) continue;
    // Nothing due now: wait for the next due job if it falls inside the budget.
    const wait = await nextDueInMs(db, ["fiscalise", "apply", "timeline"]);
    if (wait === null || Date.now() + wait >= deadline) break;
    await new Promise((r) => setTimeout(r, Math.max(10, Math.min(wait, 1_000))));
  }
  return stats;
}

/** The claimed jobs' receipts and their portals' profiles, one query each per portal. */
async function prefetch(db: Db, jobs: OutboxJob[]): Promise<Prefetched> {
  const pre: Prefetched = { receipts: new Map(), profiles: new Map() };
  for (const portalId of new Set(jobs.map((j) => j.portalId))) {
    const ids = jobs.filter((j) => j.portalId === portalId && j.receiptId).map((j) => j.receiptId!);
    const [rows, profiles] = await Promise.all([getReceiptsByIds(db, { portalId, ids }), listProfiles(db, portalId)]);
    for (const r of rows) pre.receipts.set(r.id, r);
    for (const p of profiles) pre.profiles.set(p.id, p);
  }
  return pre;
}

/** An unexpected error (a bug, the database) never loses the job: it is retried later with the reason. */
async function guarded(db: Db, job: OutboxJob, deps: PipelineDeps, run: () => Promise<void>): Promise<void> {
  try {
    await run();
  } catch (err) {
    log.error("outbox job failed", { jobId: job.id, kind: job.kind, error: err });
    await rescheduleJob(db, job, backoffMs(job.attempts, deps.timing), err instanceof Error ? err.message : String(err)).catch(() => {});
  }
}

async function failAll(db: Db, jobs: OutboxJob[], deps: PipelineDeps, err: unknown): Promise<void> {
  for (const job of jobs) await guarded(db, job, deps, () => Promise.reject(err));
}
