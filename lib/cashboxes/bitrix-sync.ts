import { BitrixRestError, type RestClient } from "@/lib/bitrix/portal-client";
import type { CashboxProfile } from "@/lib/db/schema";

// Mirrors a profile into Bitrix24 as a cashbox of our handler (Sales Center → Кассы). Only non-secret fields go
// to Bitrix24: the CONFIG values point back at the profile; credentials never leave the app.

function cashboxSettings(p: CashboxProfile) {
  return {
    PROFILE: { PROFILE_ID: p.id },
    COMPANY: { INN: p.company.inn, SNO: p.company.sno.toUpperCase(), PAYMENT_ADDRESS: p.company.paymentAddress },
  };
}

function cashboxFields(p: CashboxProfile) {
  return { NAME: p.name, EMAIL: p.company.email, ACTIVE: p.active ? "Y" : "N" };
}

/** Creates the Bitrix24 cashbox, or updates it. Returns its id. */
export async function syncBitrixCashbox(rest: RestClient, profile: CashboxProfile, handlerCode: string): Promise<number> {
  if (profile.bitrixCashboxId) {
    try {
      // SETTINGS must not go through sale.cashbox.update: it replaces the blob and drops REST_CODE, unlinking the
      // cashbox from our handler. sale.cashbox.settings.update re-injects it.
      await rest.call("sale.cashbox.update", { ID: profile.bitrixCashboxId, FIELDS: cashboxFields(profile) });
      await rest.call("sale.cashbox.settings.update", { ID: profile.bitrixCashboxId, FIELDS: cashboxSettings(profile) });
      return profile.bitrixCashboxId;
    } catch (err) {
      if (!isNotFound(err)) throw err;
      // Deleted in Bitrix24 by hand: create it again below.
    }
  }
  const id = await rest.call<number | string>("sale.cashbox.add", {
    ...cashboxFields(profile),
    REST_CODE: handlerCode,
    SORT: 100,
    SETTINGS: cashboxSettings(profile),
  });
  return Number(id);
}

export async function deleteBitrixCashbox(rest: RestClient, cashboxId: number): Promise<void> {
  try {
    await rest.call("sale.cashbox.delete", { ID: cashboxId });
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
}

function isNotFound(err: unknown): boolean {
  return err instanceof BitrixRestError && /NOT_FOUND/i.test(err.code);
}

/** A short Russian explanation of a failed sync, stored on the profile and shown in settings. */
export function describeSyncError(err: unknown): string {
  if (err instanceof BitrixRestError) {
    if (err.code === "ACCESS_DENIED") return "Битрикс24 отказал в доступе: нужны права администратора CRM";
    if (err.code === "QUERY_LIMIT_EXCEEDED") return "Битрикс24 временно ограничил запросы — повторите позже";
    return `Битрикс24 вернул ошибку ${err.code}`;
  }
  return "Не удалось связаться с Битрикс24";
}
