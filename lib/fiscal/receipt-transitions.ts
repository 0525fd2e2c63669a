import type { Db } from "@/lib/db/client";
import { enqueueJob } from "@/lib/db/queries/outbox";
import { updateReceiptGuarded, type ReceiptPatch } from "@/lib/db/queries/receipts";
import type { Receipt } from "@/lib/db/schema";
import type { FiscalResult } from "@/lib/receipts/types";
import { externalIdFor } from "./external-id";

// State changes of a receipt. Each is guarded by the status and attempt the caller saw, so a worker that lost
// its lease cannot overwrite a newer worker's result; the caller treats `undefined` as "someone else moved on".

const guardOf = (r: Receipt) => ({ portalId: r.portalId, id: r.id, status: r.status, attempt: r.attempt });

export function transition(db: Db, r: Receipt, patch: ReceiptPatch): Promise<Receipt | undefined> {
  return updateReceiptGuarded(db, guardOf(r), patch);
}

/** Provider has the result. Bitrix24's checks still need to hear it (an apply job in the same transaction). */
export function markFiscalised(db: Db, r: Receipt, fiscal: FiscalResult, applyDelayMs = 0): Promise<Receipt | undefined> {
  return db.transaction(async (tx) => {
    const needsBitrix = r.source === "bitrix";
    const row = await transition(tx, r, {
      status: needsBitrix ? "fiscalised" : "done",
      fiscal,
      fiscalAt: new Date(fiscal.fiscalAt),
      fiscalisedAt: new Date(),
      lastError: null,
    });
    if (row && needsBitrix) await enqueueApply(tx, r, applyDelayMs);
    if (row) await enqueueTimeline(tx, row);
    if (row) await enqueueReconcile(tx, row);
    return row;
  });
}

/** The provider refused it for good: failed, and Bitrix24 is told ERROR with the reason. */
export function markFailed(db: Db, r: Receipt, reason: string, applyDelayMs = 0): Promise<Receipt | undefined> {
  return db.transaction(async (tx) => {
    const row = await transition(tx, r, { status: "failed", lastError: reason });
    if (row && r.source === "bitrix") await enqueueApply(tx, r, applyDelayMs);
    if (row) await enqueueTimeline(tx, row);
    if (row) await enqueueReconcile(tx, row);
    return row;
  });
}

/** A terminal provider failure that a new document may cure: next attempt, new idempotency id, stored first. */
export function startNextAttempt(db: Db, r: Receipt, reason: string): Promise<Receipt | undefined> {
  const attempt = r.attempt + 1;
  return updateReceiptGuarded(db, guardOf(r), {
    status: "accepted",
    attempt,
    externalId: externalIdFor(r.id, attempt),
    providerUuid: null,
    lastError: reason,
  });
}

/** Bitrix24's check hears the result in a batch with others (after `delayMs`), never during a hold on the portal. */
export function enqueueApply(db: Db, r: Receipt, delayMs = 0): Promise<void> {
  return enqueueJob(db, { portalId: r.portalId, receiptId: r.id, kind: "apply", key: `apply:${r.id}:${r.attempt}`, delayMs, behindHold: true });
}

/** One deal timeline entry per receipt event: the key is the receipt, its attempt and the outcome. */
function enqueueTimeline(db: Db, r: Receipt): Promise<void> {
  const outcome = r.status === "failed" ? "failed" : "fiscalised";
  return enqueueJob(db, { portalId: r.portalId, receiptId: r.id, kind: "timeline", key: `timeline:${r.id}:${r.attempt}:${outcome}` });
}

export function markNeedsAttention(db: Db, r: Receipt, reason: string): Promise<Receipt | undefined> {
  return transition(db, r, { status: "needs_attention", lastError: reason });
}

/**
 * Reconciliation soon after a receipt completes: one job per portal and 15-second window, due when the window ends,
 * however many receipts complete in it (a receipt completing while that job runs falls in the next window).
 */
const RECONCILE_WINDOW_MS = 15_000;

function enqueueReconcile(db: Db, r: Receipt): Promise<void> {
  const now = Date.now();
  const window = Math.floor(now / RECONCILE_WINDOW_MS);
  const delayMs = (window + 1) * RECONCILE_WINDOW_MS - now + 1_000;
  return enqueueJob(db, { portalId: r.portalId, receiptId: r.id, kind: "reconcile", key: `reconcile:${window}`, delayMs });
}
