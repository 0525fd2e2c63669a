import type { Db } from "@/lib/db/client";
import { getProfile } from "@/lib/db/queries/cashboxes";
import { completeJob, killJob, releaseBackedOff, rescheduleJob } from "@/lib/db/queries/outbox";
import { addAttempt, getReceipt } from "@/lib/db/queries/receipts";
import type { CashboxProfile, OutboxJob, Receipt } from "@/lib/db/schema";
import type { CashboxProvider } from "@/lib/providers/types";
import type { PipelineDeps } from "./pipeline-deps";
import { enqueueApply, markFailed, markFiscalised, markNeedsAttention, startNextAttempt, transition } from "./receipt-transitions";
import { backoffMs, pollDelayMs } from "./timing";

// One step of a receipt's way to the provider, chosen by its stored state, so a job re-run after a crash at any
// point continues where the last worker stopped. The provider never sees a receipt twice: every register call
// carries the attempt's stored external id, which the provider treats as idempotent.

/** New documents after terminal provider failures (each with a new id) before a human must look. */
const MAX_FISCAL_ATTEMPTS = 3;

/** What the drain read for a whole claim at once (one query each instead of one per job). */
export interface Prefetched {
  receipts: Map<string, Receipt>;
  profiles: Map<string, CashboxProfile>;
}

export async function processFiscaliseJob(db: Db, job: OutboxJob, deps: PipelineDeps, pre?: Prefetched): Promise<void> {
  await deps.chaos?.("claimed");
  const known = job.receiptId ? pre?.receipts.get(job.receiptId) : undefined;
  const receipt = known ?? (job.receiptId ? await getReceipt(db, { portalId: job.portalId, id: job.receiptId }) : undefined);
  if (!receipt) return void (await completeJob(db, job));
  if (job.attempts > deps.timing.maxAttempts && !isTerminal(receipt)) {
    await markNeedsAttention(db, receipt, `Нет ответа от кассы после ${job.attempts - 1} попыток: ${receipt.lastError ?? "исход неизвестен"}`);
    return void (await killJob(db, job, "attempts exhausted"));
  }
  switch (receipt.status) {
    case "accepted":
    case "registering":
      return register(db, job, receipt, deps, pre);
    case "registered":
      return report(db, job, receipt, deps, pre);
    case "fiscalised":
    case "failed":
      // Crash between the provider's answer and the apply job cannot happen (same transaction); this is a re-run.
      if (receipt.source === "bitrix" && !receipt.bitrixReportedAt) {
        await enqueueApply(db, receipt, deps.timing.applyLingerMs);
      }
      return void (await completeJob(db, job));
    default:
      return void (await completeJob(db, job));
  }
}

function isTerminal(r: Receipt): boolean {
  return r.status === "fiscalised" || r.status === "done" || r.status === "failed" || r.status === "needs_attention";
}

async function providerOf(db: Db, r: Receipt, deps: PipelineDeps, pre?: Prefetched): Promise<CashboxProvider | null> {
  const profile = pre?.profiles.get(r.profileId) ?? (await getProfile(db, { portalId: r.portalId, id: r.profileId }));
  return profile ? deps.providerFor(profile) : null;
}

async function register(db: Db, job: OutboxJob, receipt: Receipt, deps: PipelineDeps, pre?: Prefetched): Promise<void> {
  const provider = await providerOf(db, receipt, deps, pre);
  if (!provider) {
    await markNeedsAttention(db, receipt, "Касса удалена или её учётные данные стёрты: чек не отправлен");
    return void (await killJob(db, job, "no provider credentials"));
  }
  // From here the call may reach the provider even if we die: the state says so.
  const r = receipt.status === "accepted" ? await transition(db, receipt, { status: "registering" }) : receipt;
  if (!r) return void (await rescheduleJob(db, job, 0));
  const started = Date.now();
  const out = await provider.register(r.receipt, { externalId: r.externalId, callbackUrl: deps.callbackUrl(r), now: Date.now() });
  await deps.chaos?.("provider-answered");
  await addAttempt(db, { portalId: r.portalId, receiptId: r.id, kind: "register", externalId: r.externalId, outcome: out.kind, detail: { ...out }, latencyMs: Date.now() - started });
  switch (out.kind) {
    case "accepted": {
      const moved = await transition(db, r, { status: "registered", providerUuid: out.providerUuid, registeredAt: new Date(), lastError: null });
      // This job was backing off and the provider took it: it is back, so the rest of the backlog goes now, in order.
      if (job.lastError) await releaseBackedOff(db, { portalId: r.portalId, profileId: r.profileId });
      return void (await rescheduleJob(db, job, moved ? deps.timing.firstPollMs : 0));
    }
    case "rejected":
      if (out.newIdNeeded && !out.configError && r.attempt < MAX_FISCAL_ATTEMPTS) {
        await startNextAttempt(db, r, out.message);
        return void (await rescheduleJob(db, job, backoffMs(1, deps.timing), out.message));
      }
      await markFailed(db, r, out.message, deps.timing.applyLingerMs);
      return void (await completeJob(db, job));
    case "unknown":
      // Maybe registered, maybe not: the next run sends the same external id again, which cannot make a second document.
      await transition(db, r, { lastError: out.message });
      return void (await rescheduleJob(db, job, out.retryAfterMs ?? backoffMs(job.attempts, deps.timing), out.message));
  }
}

async function report(db: Db, job: OutboxJob, r: Receipt, deps: PipelineDeps, pre?: Prefetched): Promise<void> {
  const provider = await providerOf(db, r, deps, pre);
  if (!provider) {
    await markNeedsAttention(db, r, "Касса удалена или её учётные данные стёрты: результат чека не получен");
    return void (await killJob(db, job, "no provider credentials"));
  }
  const started = Date.now();
  const out = await provider.report({ externalId: r.externalId, providerUuid: r.providerUuid, operation: r.operation });
  await deps.chaos?.("provider-answered");
  await addAttempt(db, { portalId: r.portalId, receiptId: r.id, kind: "report", externalId: r.externalId, outcome: out.kind, detail: { ...out }, latencyMs: Date.now() - started });
  switch (out.kind) {
    case "pending":
      return void (await rescheduleJob(db, job, pollDelayMs(job.attempts, deps.timing)));
    case "done":
      await markFiscalised(db, r, out.fiscal, deps.timing.applyLingerMs);
      return void (await completeJob(db, job));
    case "failed":
      if (out.newIdNeeded && r.attempt < MAX_FISCAL_ATTEMPTS) {
        await startNextAttempt(db, r, out.message);
        return void (await rescheduleJob(db, job, 0, out.message));
      }
      await markFailed(db, r, out.message, deps.timing.applyLingerMs);
      return void (await completeJob(db, job));
    case "not_found":
      // The provider never got it (or forgot it): registering with the same id is safe.
      await transition(db, r, { status: "accepted", providerUuid: null });
      return void (await rescheduleJob(db, job, 0));
    case "unknown":
      return void (await rescheduleJob(db, job, out.retryAfterMs ?? backoffMs(job.attempts, deps.timing), out.message));
  }
}
