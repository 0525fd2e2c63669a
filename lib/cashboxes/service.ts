import type { SessionUser } from "@/lib/auth/session";
import { portalRest } from "@/lib/bitrix/portal-client";
import type { Db } from "@/lib/db/client";
import { getProfile, insertProfile, listProfiles, updateProfile } from "@/lib/db/queries/cashboxes";
import { addAudit } from "@/lib/db/queries/audit";
import type { CashboxProfile, Portal } from "@/lib/db/schema";
import { env } from "@/lib/env";
import { AppError } from "@/lib/http/errors";
import { log } from "@/lib/log";
import { providerForProfile } from "@/lib/fiscal/provider-for";
import type { ConnectionCheck } from "@/lib/providers/types";
import { deleteBitrixCashbox, describeSyncError, syncBitrixCashbox } from "./bitrix-sync";
import { mergeCredentials, sealCredentials } from "./credentials";
import type { CreateCashboxInput, UpdateCashboxInput } from "./schemas";
import { parseCatalogVats, suggestVatCode, suggestVatMap } from "./vat";
import { toCashboxView, type CashboxView } from "./view";

// Cashbox settings: every function takes the signed-in user and their (installed) portal, is scoped to that portal,
// and writes need an admin.

export interface Actor {
  user: SessionUser;
  portal: Portal;
}

function requireAdmin(user: SessionUser): void {
  if (!user.isAdmin) throw new AppError("forbidden", "Изменять настройки может только администратор портала");
}

async function profileOrThrow(db: Db, portalId: string, id: string): Promise<CashboxProfile> {
  const profile = await getProfile(db, { portalId, id });
  if (!profile) throw new AppError("not_found", "Касса не найдена");
  return profile;
}

export async function listCashboxes(db: Db, { portal }: Actor): Promise<CashboxView[]> {
  return (await listProfiles(db, portal.id)).map(toCashboxView);
}

export async function getCashbox(db: Db, { portal }: Actor, id: string): Promise<CashboxView> {
  return toCashboxView(await profileOrThrow(db, portal.id, id));
}

export async function listCatalogVats(db: Db, { portal }: Actor) {
  const vats = parseCatalogVats(await portalRest(db, portal).call("catalog.vat.list", { select: ["id", "name", "rate"], order: { id: "ASC" } }));
  return vats.map((v) => ({ ...v, suggested: suggestVatCode(v.rate) }));
}

export async function createCashbox(db: Db, { user, portal }: Actor, input: CreateCashboxInput): Promise<CashboxView> {
  requireAdmin(user);
  const rest = portalRest(db, portal);
  // Without an explicit map the admin confirms what the catalog's rates suggest.
  const vatMap = input.vatMap ?? suggestVatMap(parseCatalogVats(await rest.call("catalog.vat.list", { select: ["id", "name", "rate"] })));
  let profile = await insertProfile(db, {
    portalId: portal.id,
    name: input.name,
    provider: input.provider,
    mode: input.mode,
    ...sealCredentials(input.provider, input.credentials),
    company: input.company,
    vatMap,
    contactPolicy: input.contactPolicy,
    active: input.active,
  });
  profile = await syncToBitrix(db, portal, profile);
  await addAudit(db, { portalId: portal.id, userId: user.userId, action: "cashbox.created", details: { cashboxId: profile.id, name: profile.name } });
  return toCashboxView(profile);
}

export async function updateCashbox(db: Db, { user, portal }: Actor, id: string, input: UpdateCashboxInput): Promise<CashboxView> {
  requireAdmin(user);
  const current = await profileOrThrow(db, portal.id, id);
  const fields: Parameters<typeof updateProfile>[2] = {};
  if (input.name !== undefined) fields.name = input.name;
  // The sandbox never fiscalises: it stays in test mode whatever is asked.
  if (input.mode !== undefined && current.provider !== "sandbox") fields.mode = input.mode;
  if (input.contactPolicy !== undefined) fields.contactPolicy = input.contactPolicy;
  if (input.active !== undefined) fields.active = input.active;
  if (input.vatMap !== undefined) fields.vatMap = input.vatMap;
  if (input.company) fields.company = { ...current.company, ...input.company };
  if (input.credentials) Object.assign(fields, mergeCredentials(current, input.credentials));
  let profile = await updateProfile(db, { portalId: portal.id, id }, fields);
  profile = await syncToBitrix(db, portal, profile);
  await addAudit(db, { portalId: portal.id, userId: user.userId, action: "cashbox.updated", details: { cashboxId: id, fields: Object.keys(fields) } });
  return toCashboxView(profile);
}

export async function deleteCashbox(db: Db, { user, portal }: Actor, id: string): Promise<void> {
  requireAdmin(user);
  const profile = await profileOrThrow(db, portal.id, id);
  if (profile.bitrixCashboxId) await deleteBitrixCashbox(portalRest(db, portal), profile.bitrixCashboxId);
  await updateProfile(db, { portalId: portal.id, id }, { deletedAt: new Date(), credentialsEnc: null, bitrixCashboxId: null, active: false });
  await addAudit(db, { portalId: portal.id, userId: user.userId, action: "cashbox.deleted", details: { cashboxId: id } });
}

export async function testCashbox(db: Db, { user, portal }: Actor, id: string): Promise<ConnectionCheck> {
  requireAdmin(user);
  const profile = await profileOrThrow(db, portal.id, id);
  if (!profile.credentialsEnc) return { ok: false, message: "Учётные данные не заданы — введите логин и пароль заново" };
  const check = await providerForProfile(profile)!.testConnection();
  await addAudit(db, { portalId: portal.id, userId: user.userId, action: "cashbox.tested", details: { cashboxId: id, ok: check.ok, message: check.message } });
  return check;
}

/** Pushes the profile to Bitrix24; a failure is stored on the profile (shown in settings, retried on next save). */
async function syncToBitrix(db: Db, portal: Portal, profile: CashboxProfile): Promise<CashboxProfile> {
  try {
    const cashboxId = await syncBitrixCashbox(portalRest(db, portal), profile, env().B24_HANDLER_CODE);
    return updateProfile(db, { portalId: portal.id, id: profile.id }, { bitrixCashboxId: cashboxId, bitrixSyncError: null });
  } catch (err) {
    log.warn("bitrix cashbox sync failed", { portalId: portal.id, cashboxId: profile.id, error: err });
    return updateProfile(db, { portalId: portal.id, id: profile.id }, { bitrixSyncError: describeSyncError(err) });
  }
}
