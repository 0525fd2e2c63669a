import { portalRest } from "@/lib/bitrix/portal-client";
import type { Db } from "@/lib/db/client";
import { completeJob, killJob, rescheduleJob } from "@/lib/db/queries/outbox";
import { getPortalById } from "@/lib/db/queries/portals";
import { getReceipt } from "@/lib/db/queries/receipts";
import type { OutboxJob, Receipt } from "@/lib/db/schema";
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
  for (const job of jobs) {
    const r = job.receiptId ? await getReceipt(db, { portalId: job.portalId, id: job.receiptId }) : undefined;
    const portal = await getPortalById(db, job.portalId);
    if (!r || !portal || portal.status !== "installed" || (r.status !== "failed" && !r.fiscal)) {
      await completeJob(db, job);
      continue;
    }
    if (!r.dealId) {
      if (job.attempts >= MAX_UNMATCHED_ATTEMPTS) await killJob(db, job, "чек не сопоставлен со сделкой");
      else await rescheduleJob(db, job, UNMATCHED_RETRY_MS, "ждём сопоставления со сделкой");
      continue;
    }
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
}
