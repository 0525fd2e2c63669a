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
  // Twice: the worker that registered the document may record that (registering → registered) just as we read.
  for (let i = 0; i < 2 && p.body && typeof p.body === "object"; i++) {
    const full = await getReceipt(db, { portalId: receipt.portalId, id: receipt.id });
    const taken = full ? await takeReportedResult(db, full, p.body) : "no";
    // The result is stored and its apply job queued: the waiting poll is done with. (A worker holding the job right
    // now sees the new state on its next step.)
    if (taken === "yes") return settlePendingJob(db, { portalId: receipt.portalId, receiptId: receipt.id, kind: "fiscalise" });
    if (taken === "no") break;
  }
  await nudgeJob(db, { portalId: receipt.portalId, receiptId: receipt.id, kind: "fiscalise" });
}

/** Whether the callback carried this receipt's result and it is now stored ("raced": the receipt moved meanwhile). */
async function takeReportedResult(db: Db, r: Receipt, body: object): Promise<"yes" | "no" | "raced"> {
  // "registering" too: a quick provider may call back before we have recorded its answer to the registration.
  if (r.status !== "registered" && r.status !== "registering") return "no";
  const b = body as { uuid?: unknown; external_id?: unknown };
  // The callback of an earlier attempt (another external id) or of someone else's document is not this result.
  if (b.external_id !== r.externalId || (r.providerUuid && b.uuid !== r.providerUuid)) return "no";
  const out = fromAtolReport(body);
  if (out.kind !== "done") return "no";
  const row = await markFiscalised(db, r, out.fiscal, DEFAULT_TIMING.applyLingerMs);
  if (!row) return "raced";
  await addAttempt(db, { portalId: r.portalId, receiptId: r.id, kind: "report", externalId: r.externalId, outcome: "done", detail: { ...out, via: "callback" }, latencyMs: 0 });
  return "yes";
}
