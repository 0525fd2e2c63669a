import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { Actor } from "@/lib/cashboxes/service";
import type { Db } from "@/lib/db/client";
import { enqueueJob } from "@/lib/db/queries/outbox";
import { addAudit } from "@/lib/db/queries/audit";
import { getReceipt, getReceiptByRequestKey, insertReceiptOnce, updateReceiptGuarded } from "@/lib/db/queries/receipts";
import type { Receipt, ReceiptSource } from "@/lib/db/schema";
import { AppError } from "@/lib/http/errors";
import { consoleRole } from "@/lib/support/access";
import { buildCorrection, buildRefund, ReceiptBuildError } from "@/lib/receipts/build";
import type { DomainReceipt } from "@/lib/receipts/types";
import { externalIdFor } from "./external-id";

// Receipts support starts from the app: a refund of a fiscalised sale, and FFD 1.2 corrections. They go through
// the same outbox and provider pipeline, each linked to the receipt it refers to, and each is idempotent per
// request (a double click or two admins at once make one document).

export const correctionSchema = z.object({
  type: z.enum(["self", "instruction"], { error: "Выберите тип коррекции: самостоятельно или по предписанию" }),
  baseDate: z.iso.date({ error: "Укажите дату корректируемого расчёта (ГГГГ-ММ-ДД)" }),
  baseNumber: z.string().trim().max(32).optional(),
  operation: z.enum(["sell_correction", "sell_refund_correction"]).default("sell_correction"),
});
export type CorrectionInput = z.infer<typeof correctionSchema>;

export async function startRefund(db: Db, actor: Actor, receiptId: string): Promise<Receipt> {
  const original = await fiscalisedOriginal(db, actor, receiptId);
  if (original.operation !== "sell") throw new AppError("conflict", "Вернуть можно только чек прихода");
  return startDerived(db, actor, original, "refund", `refund:${original.id}`, () => buildRefund(original.receipt));
}

export async function startCorrection(db: Db, actor: Actor, receiptId: string, input: CorrectionInput): Promise<Receipt> {
  const original = await fiscalisedOriginal(db, actor, receiptId);
  const key = `correction:${original.id}:${input.operation}:${input.type}:${input.baseDate}`;
  return startDerived(db, actor, original, "correction", key, () =>
    buildCorrection(original.receipt, { type: input.type, baseDate: input.baseDate, baseNumber: input.baseNumber || undefined }, input.operation),
  );
}

/** Admins act on receipts; so do the users the admin named as support (read from the portal's settings per call). */
const mayAct = async (db: Db, { user, portal }: Actor) => (await consoleRole(db, portal, user)) !== null;

async function fiscalisedOriginal(db: Db, actor: Actor, receiptId: string): Promise<Receipt> {
  const { portal } = actor;
  if (!(await mayAct(db, actor))) throw new AppError("forbidden", "Возвраты и коррекции оформляет администратор портала или сотрудник поддержки");
  const original = await getReceipt(db, { portalId: portal.id, id: receiptId });
  if (!original) throw new AppError("not_found", "Чек не найден");
  if (original.status !== "fiscalised" && original.status !== "done") throw new AppError("conflict", "Чек ещё не пробит: дождитесь фискализации");
  return original;
}

async function startDerived(db: Db, { user, portal }: Actor, original: Receipt, source: ReceiptSource, requestKey: string, build: () => DomainReceipt): Promise<Receipt> {
  const existing = await getReceiptByRequestKey(db, { portalId: portal.id, requestKey });
  if (existing) return existing;
  let receipt: DomainReceipt;
  try {
    receipt = build();
  } catch (err) {
    if (err instanceof ReceiptBuildError) throw new AppError("validation", err.errors.join("; "), { fields: { _: err.errors[0]! } });
    throw err;
  }
  const id = randomUUID();
  const stored = await db.transaction(async (tx) => {
    const row = await insertReceiptOnce(tx, {
      id,
      portalId: portal.id,
      profileId: original.profileId,
      source,
      requestKey,
      refersToId: original.id,
      checkType: receipt.checkType,
      operation: receipt.operation,
      receipt,
      totalKop: receipt.totalKop,
      externalId: externalIdFor(id, 1),
      createdBy: user.userId,
      // It belongs where the receipt it refers to belongs.
      paymentId: original.paymentId,
      dealId: original.dealId,
      matchMethod: original.paymentId ? "app" : null,
      matchConfidence: original.paymentId ? 100 : null,
    });
    if (row) await enqueueJob(tx, { portalId: portal.id, receiptId: row.id, kind: "fiscalise", key: `fiscalise:${row.id}` });
    return row;
  });
  const result = stored ?? (await getReceiptByRequestKey(db, { portalId: portal.id, requestKey }));
  if (!result) throw new AppError("conflict", "Не удалось создать чек, повторите");
  // Filed under the receipt acted on, so its history in the support console shows the refund or correction.
  if (stored) await addAudit(db, { portalId: portal.id, userId: user.userId, action: `receipt.${source}`, subject: `receipt:${original.id}`, details: { receiptId: stored.id, refersTo: original.id, userName: user.name } });
  return result;
}

/**
 * Sends a failed receipt again as a new fiscal attempt (new external id: the failed one is burnt at the provider).
 * Only `failed` receipts: anything else is still on its way or already fiscalised.
 */
export async function resendReceipt(db: Db, actor: Actor, receiptId: string): Promise<Receipt> {
  const { user, portal } = actor;
  if (!(await mayAct(db, actor))) throw new AppError("forbidden", "Повторную отправку оформляет администратор портала или сотрудник поддержки");
  const r = await getReceipt(db, { portalId: portal.id, id: receiptId });
  if (!r) throw new AppError("not_found", "Чек не найден");
  if (r.status !== "failed") throw new AppError("conflict", "Отправить снова можно только чек с ошибкой");
  const attempt = r.attempt + 1;
  const moved = await db.transaction(async (tx) => {
    const row = await updateReceiptGuarded(tx, { portalId: portal.id, id: r.id, status: "failed", attempt: r.attempt }, {
      status: "accepted",
      attempt,
      externalId: externalIdFor(r.id, attempt),
      providerUuid: null,
      bitrixReportedAt: null,
      lastError: null,
    });
    if (row) await enqueueJob(tx, { portalId: portal.id, receiptId: r.id, kind: "fiscalise", key: `fiscalise:${r.id}:${attempt}` });
    return row;
  });
  if (!moved) throw new AppError("conflict", "Чек уже отправляется снова");
  await addAudit(db, { portalId: portal.id, userId: user.userId, action: "receipt.resend", subject: `receipt:${r.id}`, details: { receiptId: r.id, attempt, userName: user.name } });
  return moved;
}
