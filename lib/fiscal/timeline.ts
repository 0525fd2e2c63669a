import { portalRest } from "@/lib/bitrix/portal-client";
import type { Db } from "@/lib/db/client";
import { completeJob, completeJobs, killJob, rescheduleJob, rescheduleJobs } from "@/lib/db/queries/outbox";
import { getPortalById } from "@/lib/db/queries/portals";
import { getReceiptsByIds } from "@/lib/db/queries/receipts";
import type { OutboxJob, Portal, Receipt } from "@/lib/db/schema";
import { receiptKind } from "@/lib/deals/receipt-kind";
import { formatRub } from "@/lib/receipts/money";
import type { PipelineDeps } from "./pipeline-deps";
import { backoffMs } from "./timing";

// One log entry on the deal per receipt event (fiscalised or failed). The job key names the receipt, attempt and
// outcome, so repeated drains cannot write it twice. A receipt not yet linked to a deal waits for the payments sync.

const KIND_TEXT: Record<ReturnType<typeof receiptKind>, string> = {
  prepayment: "Предоплата",
  full_payment: "Полный расчёт",
  advance: "Аванс",
  offset: "Зачёт аванса",
  refund: "Возврат",
  correction: "Коррекция",
  credit: "Кредит",
};
/** How long an unmatched receipt's entry waits for its deal (attempts × unmatchedRetryMs ≈ 30 min). */
const UNMATCHED_RETRY_MS = 30_000;
const MAX_UNMATCHED_ATTEMPTS = 60;

export function timelineEntry(r: Receipt): { title: string; text: string } {
  const kind = KIND_TEXT[receiptKind(r)];
  if (r.status === "failed") return { title: "Чек не пробит", text: `${kind} · ${formatRub(r.totalKop)} · ${r.lastError ?? "касса отклонила чек"}` };
  const f = r.fiscal!;
  const at = new Date(f.fiscalAt + 3 * 3600_000).toISOString().slice(0, 16).replace("T", " ");
  const test = f.test ? " · тестовый чек" : "";
  return { title: "Чек пробит", text: `${kind} · ${formatRub(r.totalKop)} · ФН ${f.fnNumber} · ФД ${f.fiscalDocNumber} · ФП ${f.fiscalDocAttr} · ${at} МСК${test}` };
}

export async function processTimelineJobs(db: Db, jobs: OutboxJob[], deps: PipelineDeps): Promise<void> {
  // One read of the receipts and one of each portal, and the common outcomes written for all jobs at once: these
  // jobs come by the hundred after a burst, and most only learn that the deal is not known yet.
  const byPortal = new Map<string, OutboxJob[]>();
  for (const job of jobs) byPortal.set(job.portalId, [...(byPortal.get(job.portalId) ?? []), job]);
  for (const [portalId, portalJobs] of byPortal) {
    const portal = await getPortalById(db, portalId);
    const byId = new Map((await getReceiptsByIds(db, { portalId, ids: portalJobs.flatMap((j) => (j.receiptId ? [j.receiptId] : [])) })).map((r) => [r.id, r]));
    const nothing: OutboxJob[] = [];
    const waiting: OutboxJob[] = [];
    for (const job of portalJobs) {
      const r = job.receiptId ? byId.get(job.receiptId) : undefined;
      if (!r || !portal || portal.status !== "installed" || (r.status !== "failed" && !r.fiscal)) nothing.push(job);
      else if (!r.dealId) {
        if (job.attempts >= MAX_UNMATCHED_ATTEMPTS) await killJob(db, job, "чек не сопоставлен со сделкой");
        else waiting.push(job);
      } else await writeEntry(db, portal, job, r, deps);
    }
    await completeJobs(db, nothing);
    await rescheduleJobs(db, waiting, UNMATCHED_RETRY_MS, "ждём сопоставления со сделкой");
  }
}

async function writeEntry(db: Db, portal: Portal, job: OutboxJob, r: Receipt, deps: PipelineDeps): Promise<void> {
  try {
    const { title, text } = timelineEntry(r);
    await portalRest(db, portal).call("crm.timeline.logmessage.add", { fields: { entityTypeId: 2, entityId: r.dealId, title, text, iconCode: "info" } });
    await completeJob(db, job);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    if (job.attempts >= deps.timing.maxApplyAttempts) await killJob(db, job, reason);
    else await rescheduleJob(db, job, backoffMs(job.attempts, deps.timing), reason);
  }
}
