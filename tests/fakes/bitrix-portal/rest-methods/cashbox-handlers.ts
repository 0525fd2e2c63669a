/**
 * sale.cashbox.handler.* — mirrors SALE `lib/cashbox/rest/handlerservice.php` (avshatalov48/bitrix-core-business)
 * and docs/bitrix24-protocol.md §1:
 * - caller must be a CRM admin (AccessChecker) → 403 ACCESS_DENIED;
 * - incoming keys upper-cased recursively, APP_ID = client_id attached (restservice.php prepareHandlerParams);
 * - add stores ONLY NAME/CODE/SORT/SETTINGS/APP_ID; SETTINGS.SUPPORTS_FFD105 defaults to 'N'
 *   (a top-level SUPPORTS_FFD105 is dropped);
 * - update merges SETTINGS with array_replace_recursive;
 * - delete refuses while a cashbox's SETTINGS.REST.REST_CODE equals the handler CODE.
 */
import { arrayReplaceRecursive, clone, dbString, isPlainObject, phpEmpty, upperKeysDeep, type Dict } from "../forms";
import { accessDenied, checkFailure, methodError } from "../rest-errors";
import { requireAdmin, type CallContext, type MethodHandler } from "./context";

export interface HandlerRow {
  ID: number;
  NAME: string;
  CODE: string;
  SORT: number;
  SETTINGS: Dict;
  APP_ID: string;
}

export function prepareSaleParams(params: Dict, ctx: CallContext): Dict {
  const p = upperKeysDeep(params) as Dict;
  p.APP_ID = ctx.clientId;
  return p;
}

function checkRequiredSettings(settings: Dict, fields: string[]): void {
  for (const f of fields) {
    if (phpEmpty(settings[f])) throw checkFailure(`Parameter SETTINGS[${f}] is not defined`);
  }
}

function checkSettingsValues(settings: Dict, fields: string[]): void {
  for (const f of fields) {
    if (f === "HTTP_VERSION" && "HTTP_VERSION" in settings) {
      // Compared with `!==` against the strings '1.0' / '1.1' (Main\Web\HttpClient::HTTP_1_0/1_1).
      const v = settings.HTTP_VERSION;
      if (v !== "1.0" && v !== "1.1") throw checkFailure("The value of SETTINGS[HTTP_VERSION] is not valid");
    } else if (f in settings && phpEmpty(settings[f])) {
      throw checkFailure(`The value of SETTINGS[${f}] is not valid`);
    }
  }
}

function findHandler(ctx: CallContext, id: unknown): HandlerRow | undefined {
  return ctx.portal.handlers.find((h: HandlerRow) => String(h.ID) === String(id));
}

function checkOwner(handler: HandlerRow, appId: string): void {
  if (appId && handler.APP_ID && handler.APP_ID !== appId) throw accessDenied();
}

const add: MethodHandler = (params, ctx) => {
  requireAdmin(ctx);
  const p = prepareSaleParams(params, ctx);
  if (phpEmpty(p.CODE)) throw checkFailure("Parameter CODE is not defined");
  if (phpEmpty(p.NAME)) throw checkFailure("Parameter NAME is not defined");
  if (phpEmpty(p.SETTINGS) || !isPlainObject(p.SETTINGS)) throw checkFailure("Parameter SETTINGS is not defined or empty");
  const settings = p.SETTINGS;
  checkRequiredSettings(settings, ["PRINT_URL", "CHECK_URL", "CONFIG"]);
  checkSettingsValues(settings, ["HTTP_VERSION"]);
  if (ctx.portal.handlers.some((h: HandlerRow) => h.CODE === p.CODE)) {
    throw methodError("ERROR_HANDLER_ALREADY_EXIST", "Handler already exists!");
  }
  if (settings.SUPPORTS_FFD105 === undefined || settings.SUPPORTS_FFD105 === null) settings.SUPPORTS_FFD105 = "N";
  const row: HandlerRow = {
    ID: ctx.portal.nextId("handler"),
    NAME: String(p.NAME),
    CODE: String(p.CODE),
    SORT: phpEmpty(p.SORT) ? 100 : Number(p.SORT),
    SETTINGS: clone(settings),
    APP_ID: String(p.APP_ID),
  };
  ctx.portal.handlers.push(row);
  return row.ID;
};

const update: MethodHandler = (params, ctx) => {
  requireAdmin(ctx);
  const p = prepareSaleParams(params, ctx);
  if (phpEmpty(p.ID)) throw checkFailure("Parameter ID is not defined");
  const handler = findHandler(ctx, p.ID);
  if (!handler) throw methodError("ERROR_HANDLER_NOT_FOUND", "Handler not found");
  checkOwner(handler, String(p.APP_ID));
  if (phpEmpty(p.FIELDS) || !isPlainObject(p.FIELDS)) throw checkFailure("Parameter FIELDS is not defined");
  const fields = p.FIELDS;
  if (fields.SETTINGS !== undefined) {
    if (!isPlainObject(fields.SETTINGS)) throw methodError("ERROR_HANDLER_UPDATE", "SETTINGS must be an array");
    checkSettingsValues(fields.SETTINGS, ["PRINT_URL", "CHECK_URL", "CONFIG", "HTTP_VERSION"]);
  }
  // CashboxRestHandlerTable::update($id, FIELDS): the table's own columns only.
  if (fields.NAME !== undefined) handler.NAME = String(fields.NAME);
  if (fields.CODE !== undefined) handler.CODE = String(fields.CODE);
  if (fields.SORT !== undefined) handler.SORT = Number(fields.SORT);
  if (!phpEmpty(fields.SETTINGS)) {
    handler.SETTINGS = arrayReplaceRecursive(handler.SETTINGS, fields.SETTINGS) as Dict;
  }
  return true;
};

const del: MethodHandler = (params, ctx) => {
  requireAdmin(ctx);
  const p = prepareSaleParams(params, ctx);
  if (phpEmpty(p.ID)) throw checkFailure("Parameter ID is not defined");
  const handler = findHandler(ctx, p.ID);
  if (!handler) throw methodError("ERROR_HANDLER_NOT_FOUND", "Handler not found");
  checkOwner(handler, String(p.APP_ID));
  const using = ctx.portal.cashboxes
    .filter((c) => c.SETTINGS?.REST?.REST_CODE === handler.CODE)
    .map((c) => c.ID);
  if (using.length) throw checkFailure(`There are cashboxes with this handler: ${using.join(", ")}`);
  ctx.portal.handlers = ctx.portal.handlers.filter((h: HandlerRow) => h !== handler);
  return true;
};

/** All handlers of the portal, any app; ID/SORT as DB strings (EN sale-cashbox-handler-list.md). */
const list: MethodHandler = (_params, ctx) => {
  requireAdmin(ctx);
  return ctx.portal.handlers.map((h: HandlerRow) => ({
    ID: dbString(h.ID),
    NAME: h.NAME,
    CODE: h.CODE,
    SORT: dbString(h.SORT),
    SETTINGS: clone(h.SETTINGS),
  }));
};

export const cashboxHandlerMethods: Record<string, MethodHandler> = {
  "sale.cashbox.handler.add": add,
  "sale.cashbox.handler.update": update,
  "sale.cashbox.handler.delete": del,
  "sale.cashbox.handler.list": list,
};
