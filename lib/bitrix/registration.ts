import type { RestClient } from "./portal-client";

// Idempotent registration of everything the app needs on a portal. Each step reads what Bitrix24 already has
// and only adds or fixes the difference, so a second install changes nothing that is already right.

export const APP_EVENTS = ["ONAPPINSTALL", "ONAPPUNINSTALL"] as const;
/** Bound as offline events: Bitrix24 queues them for event.offline.get, so none is lost while we are down. */
export const OFFLINE_EVENTS = ["OnPaymentEntitySaved", "OnSaleOrderSaved"] as const;
/** The deal card's tab, and the deal list's row menu that opens the same view in a slider. */
export const PLACEMENTS = ["CRM_DEAL_DETAIL_TAB", "CRM_DEAL_LIST_MENU"] as const;

export interface HandlerSpec {
  code: string;
  name: string;
  printUrl: string;
  checkUrl: string;
}

/** The CONFIG form Bitrix24 shows for our cashboxes: non-secret fields only; credentials stay in the app. */
export function handlerConfig() {
  return {
    PROFILE: {
      LABEL: "Касса в приложении «Облачная касса»",
      ITEMS: {
        PROFILE_ID: { TYPE: "STRING", REQUIRED: "N", DISABLED: "Y", LABEL: "Профиль кассы (заполняется приложением)" },
      },
    },
    COMPANY: {
      LABEL: "Организация",
      ITEMS: {
        INN: { TYPE: "STRING", REQUIRED: "N", DISABLED: "Y", LABEL: "ИНН" },
        SNO: {
          TYPE: "ENUM",
          REQUIRED: "N",
          DISABLED: "Y",
          LABEL: "Система налогообложения",
          OPTIONS: { OSN: "ОСН", USN_INCOME: "УСН доход", USN_INCOME_OUTCOME: "УСН доход − расход", ESN: "ЕСХН", PATENT: "Патент" },
        },
        PAYMENT_ADDRESS: { TYPE: "STRING", REQUIRED: "N", DISABLED: "Y", LABEL: "Адрес расчётов" },
      },
    },
  };
}

interface BitrixHandler {
  ID: string | number;
  CODE: string;
  SETTINGS?: { PRINT_URL?: string; CHECK_URL?: string; HTTP_VERSION?: string; SUPPORTS_FFD105?: string };
}

/** Registers our cash-register handler, or repairs its URLs/flags. Returns the handler id. */
export async function ensureCashboxHandler(rest: RestClient, spec: HandlerSpec): Promise<number> {
  const handlers = await rest.call<BitrixHandler[]>("sale.cashbox.handler.list");
  const settings = {
    PRINT_URL: spec.printUrl,
    CHECK_URL: spec.checkUrl,
    HTTP_VERSION: "1.1",
    // Bitrix24 reads SUPPORTS_FFD105 only from SETTINGS; without it the whole portal loses advance receipts.
    SUPPORTS_FFD105: "Y",
  };
  const existing = (handlers ?? []).find((h) => h.CODE === spec.code);
  if (!existing) {
    const id = await rest.call<number | string>("sale.cashbox.handler.add", {
      CODE: spec.code,
      NAME: spec.name,
      SORT: 100,
      SUPPORTS_FFD105: "Y", // documented place; kept for portals that read it there
      SETTINGS: { ...settings, CONFIG: handlerConfig() },
    });
    return Number(id);
  }
  const s = existing.SETTINGS ?? {};
  const drift = (Object.keys(settings) as (keyof typeof settings)[]).some((k) => s[k] !== settings[k]);
  // handler.update merges SETTINGS, so sending only the drifted keys keeps the CONFIG form as it is.
  if (drift) await rest.call("sale.cashbox.handler.update", { ID: existing.ID, FIELDS: { SETTINGS: settings } });
  return Number(existing.ID);
}

interface BoundEvent {
  event: string;
  handler: string;
  offline?: number | string;
}

/** Binds ONAPPINSTALL/ONAPPUNINSTALL to our events URL and the payment events as offline events. */
export async function ensureEvents(rest: RestClient, eventsUrl: string): Promise<number> {
  const bound = (await rest.call<BoundEvent[]>("event.get")) ?? [];
  const has = (event: string, offline: boolean) =>
    bound.some((b) => b.event.toUpperCase() === event.toUpperCase() && Number(b.offline ?? 0) === (offline ? 1 : 0) && (offline || b.handler === eventsUrl));
  let added = 0;
  for (const event of APP_EVENTS) {
    if (has(event, false)) continue;
    await rest.call("event.bind", { event, handler: eventsUrl });
    added++;
  }
  for (const event of OFFLINE_EVENTS) {
    if (has(event, true)) continue;
    await rest.call("event.bind", { event, event_type: "offline" });
    added++;
  }
  return added;
}

interface BoundPlacement {
  placement: string;
  handler: string;
}

/** Binds the deal-card tab to the frame entry. */
export async function ensurePlacements(rest: RestClient, handlerUrl: string): Promise<number> {
  const bound = (await rest.call<BoundPlacement[]>("placement.get")) ?? [];
  let added = 0;
  for (const placement of PLACEMENTS) {
    if (bound.some((b) => b.placement === placement && b.handler === handlerUrl)) continue;
    const menu = placement === "CRM_DEAL_LIST_MENU";
    await rest.call("placement.bind", {
      PLACEMENT: placement,
      HANDLER: handlerUrl,
      TITLE: menu ? "Чеки по сделке" : "Чеки",
      DESCRIPTION: "Фискальные чеки по платежам сделки",
      LANG_ALL: { ru: { TITLE: menu ? "Чеки по сделке" : "Чеки" }, en: { TITLE: menu ? "Deal receipts" : "Receipts" } },
    });
    added++;
  }
  return added;
}
