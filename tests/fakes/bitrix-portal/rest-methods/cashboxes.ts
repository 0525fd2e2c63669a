/**
 * sale.cashbox.* — mirrors SALE `lib/cashbox/rest/cashboxservice.php` @8bd27d2 and docs/bitrix24-protocol.md §2:
 * - add: NAME, REST_CODE (known handler; other app's ⇒ ACCESS_DENIED), EMAIL required; ACTIVE default 'N';
 *   HANDLER = CashboxRest, ENABLED = 'Y', SETTINGS.REST.REST_CODE injected;
 * - update: whitelisted FIELDS; **FIELDS.SETTINGS replaces the whole blob and drops REST.REST_CODE**
 *   (Manager::update with the new array — emulated on purpose, §0.10);
 * - list: only ALLOWED_CASHBOX_FIELDS in SELECT/FILTER/ORDER, else error code '' "X not allowed for …";
 * - undocumented settings.get (SETTINGS minus REST) and settings.update (SETTINGS replaced, REST_CODE re-added
 *   from the cashbox's current value).
 */
import { applyFilter, applyOrder, splitFilterKey } from "../filter";
import { clone, dbString, isPlainObject, phpEmpty, phpObject, type Dict } from "../forms";
import { accessDenied, checkFailure, methodError } from "../rest-errors";
import { prepareSaleParams, type HandlerRow } from "./cashbox-handlers";
import { requireAdmin, type CallContext, type MethodHandler } from "./context";

const REST_HANDLER_CLASS = "\\Bitrix\\Sale\\Cashbox\\CashboxRest";

/** OFD codes accepted by SALE (`Ofd::getHandlerList()` codes; EN sale-cashbox-add.md). */
const OFD_CODES = [
  "bx_firstofd",
  "bx_platformaofd",
  "bx_yarusofd",
  "bx_taxcomofd",
  "bx_ofdruofd",
  "bx_tenzorofd",
  "bx_conturofd",
];

const ALLOWED_CASHBOX_FIELDS = [
  "ID", "NAME", "OFD", "EMAIL", "DATE_CREATE", "DATE_LAST_CHECK", "NUMBER_KKM", "KKM_ID",
  "ACTIVE", "SORT", "USE_OFFLINE", "ENABLED",
];

const UPDATE_WHITELIST = [
  "NAME", "OFD", "OFD_SETTINGS", "EMAIL", "NUMBER_KKM", "KKM_ID", "ACTIVE", "SORT", "USE_OFFLINE", "ENABLED", "SETTINGS",
];

export interface CashboxRow {
  ID: number;
  NAME: string;
  HANDLER: string;
  OFD: string | null;
  OFD_SETTINGS: unknown;
  EMAIL: string;
  NUMBER_KKM: string;
  KKM_ID: string;
  ACTIVE: string;
  SORT: number;
  USE_OFFLINE: string;
  ENABLED: string;
  SETTINGS: Dict;
  DATE_CREATE: number;
  DATE_LAST_CHECK: number | null;
}

function ofdKnown(code: unknown): boolean {
  return OFD_CODES.includes(String(code));
}

function findCashbox(ctx: CallContext, id: unknown): CashboxRow | undefined {
  return ctx.portal.cashboxes.find((c: CashboxRow) => String(c.ID) === String(id));
}

function findHandlerByCode(ctx: CallContext, code: unknown): HandlerRow | undefined {
  return ctx.portal.handlers.find((h: HandlerRow) => h.CODE === code);
}

/** CashboxService::hasAccessToCashbox: REST cashbox, and its handler (looked up by REST_CODE) not another app's. */
function hasAccess(ctx: CallContext, cashbox: CashboxRow, appId: string): boolean {
  if (cashbox.HANDLER !== REST_HANDLER_CLASS) return false;
  const handler = findHandlerByCode(ctx, cashbox.SETTINGS?.REST && (cashbox.SETTINGS.REST as Dict).REST_CODE);
  return !(appId && handler?.APP_ID && handler.APP_ID !== appId);
}

function loadForChange(ctx: CallContext, p: Dict): CashboxRow {
  if (phpEmpty(p.ID)) throw checkFailure("Parameter ID is not defined");
  const cashbox = findCashbox(ctx, p.ID);
  if (!cashbox) throw methodError("ERROR_CASHBOX_NOT_FOUND", "Cashbox not found");
  return cashbox;
}

const add: MethodHandler = (params, ctx) => {
  requireAdmin(ctx);
  const p = prepareSaleParams(params, ctx);
  if (phpEmpty(p.NAME)) throw checkFailure("Parameter NAME is not defined");
  if (phpEmpty(p.REST_CODE)) throw checkFailure("Parameter REST_CODE is not defined");
  const handler = findHandlerByCode(ctx, p.REST_CODE);
  if (!handler) throw checkFailure(`Rest handler with code ${String(p.REST_CODE)} not found`);
  if (p.APP_ID && handler.APP_ID && handler.APP_ID !== p.APP_ID) throw accessDenied();
  if (phpEmpty(p.EMAIL)) throw checkFailure("Parameter EMAIL is not defined");
  if (!phpEmpty(p.OFD) && !ofdKnown(p.OFD)) throw checkFailure("Ofd handler not found");

  const settings: Dict = isPlainObject(p.SETTINGS) ? clone(p.SETTINGS) : {};
  settings.REST = { ...(isPlainObject(settings.REST) ? settings.REST : {}), REST_CODE: p.REST_CODE };
  const row: CashboxRow = {
    ID: ctx.portal.nextId("cashbox"),
    NAME: String(p.NAME),
    HANDLER: REST_HANDLER_CLASS,
    OFD: phpEmpty(p.OFD) ? "" : String(p.OFD),
    OFD_SETTINGS: phpEmpty(p.OFD_SETTINGS) ? [] : clone(p.OFD_SETTINGS),
    EMAIL: String(p.EMAIL),
    NUMBER_KKM: phpEmpty(p.NUMBER_KKM) ? "" : String(p.NUMBER_KKM),
    KKM_ID: phpEmpty(p.KKM_ID) ? "" : String(p.KKM_ID),
    ACTIVE: p.ACTIVE === "Y" ? "Y" : "N",
    SORT: p.SORT !== undefined && p.SORT !== "" && !Number.isNaN(Number(p.SORT)) ? Math.trunc(Number(p.SORT)) : 100,
    USE_OFFLINE: p.USE_OFFLINE === "Y" ? "Y" : "N",
    ENABLED: "Y",
    SETTINGS: settings,
    DATE_CREATE: ctx.portal.nowMs(),
    DATE_LAST_CHECK: null,
  };
  ctx.portal.cashboxes.push(row);
  return row.ID;
};

const update: MethodHandler = (params, ctx) => {
  requireAdmin(ctx);
  const p = prepareSaleParams(params, ctx);
  const cashbox = loadForChange(ctx, p);
  if (phpEmpty(p.FIELDS) || !isPlainObject(p.FIELDS)) throw checkFailure("Parameter FIELDS is not defined");
  const fields = p.FIELDS;
  if (fields.EMAIL !== undefined && fields.EMAIL !== null && phpEmpty(fields.EMAIL)) {
    throw checkFailure("Parameter EMAIL cannot be empty");
  }
  if (!phpEmpty(fields.OFD) && !ofdKnown(fields.OFD)) throw checkFailure("Ofd handler not found");
  if (!hasAccess(ctx, cashbox, String(p.APP_ID))) throw accessDenied();

  for (const key of UPDATE_WHITELIST) {
    if (!(key in fields)) continue;
    const value = fields[key];
    switch (key) {
      case "SETTINGS":
        // The bug (§0.10): the new array replaces SETTINGS wholesale; REST.REST_CODE is gone.
        cashbox.SETTINGS = isPlainObject(value) ? clone(value) : {};
        break;
      case "OFD":
        cashbox.OFD = ofdKnown(value) ? String(value) : null;
        break;
      case "OFD_SETTINGS":
        cashbox.OFD_SETTINGS = clone(value);
        break;
      case "SORT":
        cashbox.SORT = Number(value);
        break;
      default:
        (cashbox as unknown as Dict)[key] = value === null || value === undefined ? "" : String(value);
    }
  }
  return true;
};

const del: MethodHandler = (params, ctx) => {
  requireAdmin(ctx);
  const p = prepareSaleParams(params, ctx);
  const cashbox = loadForChange(ctx, p);
  if (!hasAccess(ctx, cashbox, String(p.APP_ID))) throw accessDenied();
  ctx.portal.cashboxes = ctx.portal.cashboxes.filter((c: CashboxRow) => c !== cashbox);
  return true;
};

function listValue(row: CashboxRow, field: string): unknown {
  switch (field) {
    case "ID":
    case "SORT":
      return dbString(row[field]);
    case "OFD":
      return row.OFD ? row.OFD : row.OFD === null ? null : "";
    // A DateTime object json-encodes to {} (EN sale-cashbox-list.md example: "DATE_CREATE": {}).
    case "DATE_CREATE":
      return {};
    case "DATE_LAST_CHECK":
      return row.DATE_LAST_CHECK === null ? null : {};
    default:
      return (row as unknown as Dict)[field];
  }
}

const list: MethodHandler = (params, ctx) => {
  requireAdmin(ctx);
  const p = prepareSaleParams(params, ctx);
  const select = Array.isArray(p.SELECT) ? p.SELECT.map((s) => String(s).toUpperCase()) : null;
  const filter = isPlainObject(p.FILTER) ? p.FILTER : {};
  const order = isPlainObject(p.ORDER) ? p.ORDER : {};
  if (select) {
    const bad = select.filter((f) => !ALLOWED_CASHBOX_FIELDS.includes(f));
    if (bad.length) throw methodError("", `${bad.join(", ")} not allowed for select`);
  }
  const badFilter = Object.keys(filter)
    .map((k) => splitFilterKey(k).field.toUpperCase())
    .filter((f) => !ALLOWED_CASHBOX_FIELDS.includes(f));
  if (badFilter.length) throw methodError("", `${badFilter.join(", ")} not allowed for filter`);
  const badOrder = Object.keys(order).filter((f) => !ALLOWED_CASHBOX_FIELDS.includes(f));
  if (badOrder.length) throw methodError("", `${badOrder.join(", ")} not allowed for order`);

  const raw = (row: CashboxRow, field: string) => (row as unknown as Dict)[field.toUpperCase()];
  const rows = applyOrder(applyFilter(ctx.portal.cashboxes as CashboxRow[], filter, raw), order, raw);
  const fields = select && select.length ? select : ALLOWED_CASHBOX_FIELDS;
  return rows.map((row) => Object.fromEntries(fields.map((f) => [f, listValue(row, f)])));
};

const settingsGet: MethodHandler = (params, ctx) => {
  requireAdmin(ctx);
  const p = prepareSaleParams(params, ctx);
  const cashbox = loadForChange(ctx, p);
  if (!hasAccess(ctx, cashbox, String(p.APP_ID))) throw accessDenied();
  const settings = clone(cashbox.SETTINGS ?? {});
  delete settings.REST;
  return phpObject(settings);
};

const settingsUpdate: MethodHandler = (params, ctx) => {
  requireAdmin(ctx);
  const p = prepareSaleParams(params, ctx);
  if (phpEmpty(p.ID)) throw checkFailure("Parameter ID is not defined");
  if (phpEmpty(p.FIELDS)) throw checkFailure("Parameter FIELDS is not defined");
  const cashbox = loadForChange(ctx, p);
  if (!hasAccess(ctx, cashbox, String(p.APP_ID))) throw accessDenied();
  // Re-injects the cashbox's *current* REST_CODE (null if an earlier update already dropped it).
  const restCode = (cashbox.SETTINGS?.REST as Dict | undefined)?.REST_CODE ?? null;
  const next: Dict = isPlainObject(p.FIELDS) ? clone(p.FIELDS) : {};
  next.REST = { ...(isPlainObject(next.REST) ? next.REST : {}), REST_CODE: restCode };
  cashbox.SETTINGS = next;
  return true;
};

export const cashboxMethods: Record<string, MethodHandler> = {
  "sale.cashbox.add": add,
  "sale.cashbox.update": update,
  "sale.cashbox.delete": del,
  "sale.cashbox.list": list,
  "sale.cashbox.settings.get": settingsGet,
  "sale.cashbox.settings.update": settingsUpdate,
};
