import { timingSafeEqual } from "node:crypto";
import type { Db } from "@/lib/db/client";
import { nudgeJob, settlePendingJob } from "@/lib/db/queries/outbox";
import { addAttempt, getReceipt, getReceiptAnyPortal } from "@/lib/db/queries/receipts";
import type { Receipt } from "@/lib/db/schema";
import { AppError } from "@/lib/http/errors";
import { fromAtolReport } from "@/lib/providers/atol/transform";
import { callbackSignature } from "./pipeline-deps";
import { markFiscalised } from "./receipt-transitions";
import { DEFAULT_TIMING } from "./timing";

/**
 * A provider callback. Its URL carries a signature only we and the provider we gave it to know, so a callback that
 * passes it is the provider speaking. ATOL (and Evotor) post the report body itself: when it names the document we
 * registered and says `done`, that is the result — no report poll needed, which matters because ATOL allows one
 * report request per second per cash register. Anything else only moves the receipt's poll forward.
 */
export async function handleProviderCallback(db: Db, p: { receiptId: string; sig: string; body?: unknown }): Promise<void> {
  const expected = Buffer.from(callbackSignature(p.receiptId));
  const given = Buffer.from(p.sig);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw new AppError("not_found", "Неизвестный чек");
  const receipt = await getReceiptAnyPortal(db, p.receiptId);
  if (!receipt) throw new AppError("not_found", "Неизвестный чек");
  if (p.body && typeof p.body === "object") {
    const full = await getReceipt(db, { portalId: receipt.portalId, id: receipt.id });
    // The result is stored and its apply job queued: the waiting poll is done with. (A worker holding the job right
    // now sees the new state on its next step.)
    if (full && (await takeReportedResult(db, full, p.body))) return settlePendingJob(db, { portalId: receipt.portalId, receiptId: receipt.id, kind: "fiscalise" });
  }
  await nudgeJob(db, { portalId: receipt.portalId, receiptId: receipt.id, kind: "fiscalise" });
}

/** Whether the callback carried this receipt's result (now stored). */
async function takeReportedResult(db: Db, r: Receipt, body: object): Promise<boolean> {
  // "registering" too: a quick provider may call back before we have recorded its answer to the registration.
  if (r.status !== "registered" && r.status !== "registering") return false;
  const b = body as { uuid?: unknown; external_id?: unknown };
  // The callback of an earlier attempt (another external id) or of someone else's document is not this result.
  if (b.external_id !== r.externalId || (r.providerUuid && b.uuid !== r.providerUuid)) return false;
  const out = fromAtolReport(body);
  if (out.kind !== "done") return false;
  const row = await markFiscalised(db, r, out.fiscal, DEFAULT_TIMING.applyLingerMs);
  if (row) await addAttempt(db, { portalId: r.portalId, receiptId: r.id, kind: "report", externalId: r.externalId, outcome: "done", detail: { ...out, via: "callback" }, latencyMs: 0 });
  return !!row;
}
