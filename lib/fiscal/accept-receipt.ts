import { randomUUID } from "node:crypto";
import { tokenMatches } from "@/lib/crypto/tokens";
import type { Db } from "@/lib/db/client";
import { listProfiles } from "@/lib/db/queries/cashboxes";
import { insertReceiptWithJob } from "@/lib/db/queries/outbox";
import { getPortalById } from "@/lib/db/queries/portals";
import { getReceiptByBitrixUuid } from "@/lib/db/queries/receipts";
import type { CashboxProfile, Portal } from "@/lib/db/schema";
import { env } from "@/lib/env";
import { log } from "@/lib/log";
import { parseBitrixPayload } from "@/lib/receipts/bitrix-payload";
import { normalizeBitrixReceipt } from "@/lib/receipts/normalize";
import { externalIdFor } from "./external-id";

// PRINT_URL: Bitrix24 hands us a check while it saves the paid payment. We answer within milliseconds and only
// after the receipt and its job are stored together: `{UUID}` means "we have it and will fiscalise it";
// `{ERRORS}` means "we stored nothing; here is why" (Bitrix24 marks the check failed and tells the manager).

export type PrintAnswer = { UUID: string } | { ERRORS: string[] };

export interface PrintRequest {
  portalId: string;
  secret: string;
  body: Record<string, unknown>;
}

const refuse = (...errors: string[]): PrintAnswer => ({ ERRORS: errors });
const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function acceptPrintRequest(db: Db, req: PrintRequest): Promise<PrintAnswer> {
  // The three reads go out together (one round trip of waiting, not three); the portal's answer decides whether the
  // other two are used at all — they are scoped by the portal id in the path, so they can show nothing of another.
  const bitrixUuid = typeof req.body.uuid === "string" ? req.body.uuid.trim() : "";
  const portalId = UUID_PATTERN.test(req.portalId) ? req.portalId : undefined;
  const [portal, existing, profiles] = await Promise.all([
    verifiedPortal(db, req.portalId, req.secret),
    portalId && bitrixUuid ? getReceiptByBitrixUuid(db, { portalId, bitrixUuid }) : undefined,
    portalId ? listProfiles(db, portalId) : [],
  ]);
  if (!portal) return refuse("Касса не найдена. Переустановите приложение «Облачная касса» или проверьте настройки кассы.");

  // A repeated delivery of the same check gets the same answer and creates nothing, even if it is malformed now.
  if (existing) return { UUID: existing.id };

  const parsed = parseBitrixPayload(req.body);
  if (!parsed.ok) return refuse(...parsed.errors);
  const payload = parsed.payload;

  const profile = chooseProfile(profiles, payload.cashbox_params?.PROFILE?.PROFILE_ID);
  if (!profile) return refuse("В приложении «Облачная касса» нет активной кассы для этого чека: добавьте кассу в настройках приложения.");

  const normalized = normalizeBitrixReceipt(payload, {
    vatMap: profile.vatMap,
    company: profile.company,
    contactPolicy: profile.contactPolicy,
    fallbackEmails: [portal.adminEmail, profile.company.email, payload.service_email].filter((e): e is string => !!e),
  });
  if (!normalized.ok) return refuse(...normalized.errors);

  const id = randomUUID();
  // The receipt and its job together; a concurrent delivery of the same uuid that won the insert gets its answer below.
  const stored = await insertReceiptWithJob(db, {
    id,
    portalId: portal.id,
    profileId: profile.id,
    source: "bitrix",
    bitrixUuid: payload.uuid,
    bitrixCheckId: payload.unique_id ?? null,
    checkType: payload.type,
    operation: normalized.receipt.operation,
    receipt: normalized.receipt,
    payload: req.body,
    totalKop: normalized.receipt.totalKop,
    externalId: externalIdFor(id, 1),
    bitrixCreatedAt: payload.date_create ? new Date(payload.date_create * 1000) : null,
    lastError: normalized.warnings.length ? normalized.warnings.join("; ") : null,
  });
  if (stored) {
    log.info("receipt accepted", { portalId: portal.id, receiptId: id, type: payload.type, totalKop: normalized.receipt.totalKop });
    return { UUID: id };
  }
  const winner = await getReceiptByBitrixUuid(db, { portalId: portal.id, bitrixUuid: payload.uuid });
  return winner ? { UUID: winner.id } : refuse("Не удалось сохранить чек, повторите попытку");
}

/** The portal behind a PRINT_URL/CHECK_URL path, if the path's secret is right (compared in constant time). */
export async function verifiedPortal(db: Db, portalId: string, secret: string): Promise<Portal | undefined> {
  if (!UUID_PATTERN.test(portalId)) return undefined;
  const portal = await getPortalById(db, portalId);
  if (!portal || portal.status !== "installed") return undefined;
  return tokenMatches(secret, portal.urlSecretHash, env().APP_SECRET) ? portal : undefined;
}

/** The profile named in the cashbox's CONFIG, or the portal's only usable one (a cashbox made in Bitrix24's UI). */
function chooseProfile(profiles: CashboxProfile[], profileId: string | undefined): CashboxProfile | undefined {
  const usable = profiles.filter((p) => p.active && p.credentialsEnc !== null);
  if (profileId) return usable.find((p) => p.id === profileId);
  return usable.length === 1 ? usable[0] : undefined;
}
