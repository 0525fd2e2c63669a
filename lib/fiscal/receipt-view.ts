import type { Db } from "@/lib/db/client";
import { listAttempts } from "@/lib/db/queries/receipts";
import type { Receipt } from "@/lib/db/schema";

/** A receipt as the pages see it: state, money, fiscal attributes and the trail of calls (no secrets in any). */
export function toReceiptView(r: Receipt) {
  return {
    id: r.id,
    source: r.source,
    checkType: r.checkType,
    operation: r.operation,
    status: r.status,
    totalKop: r.totalKop,
    attempt: r.attempt,
    externalId: r.externalId,
    providerUuid: r.providerUuid,
    refersToId: r.refersToId,
    fiscal: r.fiscal,
    fiscalAt: r.fiscalAt?.toISOString() ?? null,
    lastError: r.lastError,
    receipt: r.receipt,
    createdAt: r.createdAt.toISOString(),
    bitrixReportedAt: r.bitrixReportedAt?.toISOString() ?? null,
  };
}

export async function receiptWithTrail(db: Db, r: Receipt) {
  const attempts = await listAttempts(db, { portalId: r.portalId, receiptId: r.id });
  return { ...toReceiptView(r), attempts: attempts.map((a) => ({ kind: a.kind, outcome: a.outcome, externalId: a.externalId, latencyMs: a.latencyMs, at: a.at.toISOString(), detail: a.detail })) };
}
