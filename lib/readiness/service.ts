import { randomUUID } from "node:crypto";
import { portalRest } from "@/lib/bitrix/portal-client";
import type { Actor } from "@/lib/cashboxes/service";
import type { Db } from "@/lib/db/client";
import { getProfile, listProfiles } from "@/lib/db/queries/cashboxes";
import { enqueueJob } from "@/lib/db/queries/outbox";
import { addAudit } from "@/lib/db/queries/audit";
import { listTestReceipts, TEST_RECEIPT_KEY } from "@/lib/db/queries/readiness";
import { getReceiptByRequestKey, insertReceiptOnce } from "@/lib/db/queries/receipts";
import type { CashboxProfile, Receipt } from "@/lib/db/schema";
import { env } from "@/lib/env";
import { externalIdFor } from "@/lib/fiscal/external-id";
import { AppError } from "@/lib/http/errors";
import { gatherFacts } from "./gather";
import { evaluateReadiness } from "./rules";
import { buildTestReceipt } from "./test-receipt";
import type { OfdCode, Readiness } from "./types";

// The readiness check for the guided setup and settings: what is still missing before receipts flow, plus the two
// actions it offers (a test receipt through the real pipeline, the OFD of the Bitrix24 cashbox).

function requireAdmin({ user }: Actor): void {
  if (!user.isAdmin) throw new AppError("forbidden", "Проверку готовности запускает администратор портала");
}

/** The profile the check is about: the first active one (the one Bitrix24 prints on when there is only one). */
async function checkedProfile(db: Db, portalId: string): Promise<CashboxProfile | null> {
  return (await listProfiles(db, portalId)).find((p) => p.active) ?? null;
}

/** A cashbox of the caller's portal, or 404: an id from another portal is simply not found. */
async function profileOrThrow(db: Db, portalId: string, id: string): Promise<CashboxProfile> {
  const profile = await getProfile(db, { portalId, id });
  if (!profile) throw new AppError("not_found", "Касса не найдена");
  return profile;
}

export async function getReadiness(db: Db, actor: Actor, cashboxId?: string): Promise<Readiness> {
  requireAdmin(actor);
  const profile = cashboxId ? await profileOrThrow(db, actor.portal.id, cashboxId) : await checkedProfile(db, actor.portal.id);
  const facts = await gatherFacts(db, { portalId: actor.portal.id, profile, rest: portalRest(db, actor.portal), handlerCode: env().B24_HANDLER_CODE });
  return evaluateReadiness(facts);
}

/**
 * One 1 ₽ receipt through the outbox, the provider and back, on a test-mode cashbox only. A new one is made only when
 * the last one is final, so a double click sends one receipt.
 */
export async function startTestReceipt(db: Db, actor: Actor, cashboxId: string): Promise<Receipt> {
  requireAdmin(actor);
  const portalId = actor.portal.id;
  const profile = await profileOrThrow(db, portalId, cashboxId);
  if (profile.mode !== "test" && profile.provider !== "sandbox") {
    throw new AppError("conflict", "Тестовый чек пробивается только в тестовом режиме кассы: в боевом он стал бы настоящим чеком");
  }
  const previous = await listTestReceipts(db, { portalId, profileId: profile.id });
  const latest = previous[0];
  if (latest && !["done", "fiscalised", "failed", "needs_attention"].includes(latest.status)) return latest;
  const requestKey = `${TEST_RECEIPT_KEY}${profile.id}:${previous.length + 1}`;
  const receipt = buildTestReceipt(profile.company);
  const id = randomUUID();
  const stored = await db.transaction(async (tx) => {
    const row = await insertReceiptOnce(tx, {
      id,
      portalId,
      profileId: profile.id,
      source: "payment",
      requestKey,
      checkType: receipt.checkType,
      operation: receipt.operation,
      receipt,
      totalKop: receipt.totalKop,
      externalId: externalIdFor(id, 1),
      createdBy: actor.user.userId,
      matchMethod: "none",
    });
    if (row) await enqueueJob(tx, { portalId, receiptId: row.id, kind: "fiscalise", key: `fiscalise:${row.id}` });
    return row;
  });
  const result = stored ?? (await getReceiptByRequestKey(db, { portalId, requestKey }));
  if (!result) throw new AppError("conflict", "Не удалось создать тестовый чек, повторите");
  if (stored) await addAudit(db, { portalId, userId: actor.user.userId, action: "receipt.readiness_test", details: { receiptId: stored.id, cashboxId: profile.id } });
  return result;
}

/** Sets the OFD on our Bitrix24 cashbox (only that field: the rest of it is the settings' business). */
export async function chooseOfd(db: Db, actor: Actor, p: { cashboxId: string; ofd: OfdCode }): Promise<void> {
  requireAdmin(actor);
  const { ofd } = p;
  const profile = await profileOrThrow(db, actor.portal.id, p.cashboxId);
  if (!profile.bitrixCashboxId) throw new AppError("conflict", "Касса ещё не зарегистрирована в Битрикс24 — сохраните её в настройках");
  await portalRest(db, actor.portal).call("sale.cashbox.update", { ID: profile.bitrixCashboxId, FIELDS: { OFD: ofd } });
  await addAudit(db, { portalId: actor.portal.id, userId: actor.user.userId, action: "cashbox.ofd", details: { cashboxId: profile.id, ofd } });
}
