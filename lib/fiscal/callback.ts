import { timingSafeEqual } from "node:crypto";
import type { Db } from "@/lib/db/client";
import { nudgeJob } from "@/lib/db/queries/outbox";
import { getReceiptAnyPortal } from "@/lib/db/queries/receipts";
import { AppError } from "@/lib/http/errors";
import { callbackSignature } from "./pipeline-deps";

/**
 * A provider callback only moves the receipt's poll forward. Its body is not trusted: the result is read from the
 * provider's report, so a forged callback can at most cause one extra poll — and the signature stops even that.
 */
export async function handleProviderCallback(db: Db, p: { receiptId: string; sig: string }): Promise<void> {
  const expected = Buffer.from(callbackSignature(p.receiptId));
  const given = Buffer.from(p.sig);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw new AppError("not_found", "Неизвестный чек");
  const receipt = await getReceiptAnyPortal(db, p.receiptId);
  if (!receipt) throw new AppError("not_found", "Неизвестный чек");
  await nudgeJob(db, { portalId: receipt.portalId, receiptId: receipt.id, kind: "fiscalise" });
}
