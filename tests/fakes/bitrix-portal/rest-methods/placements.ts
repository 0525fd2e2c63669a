/**
 * placement.bind / placement.get / placement.unbind — mirrors `Bitrix\Rest\Api\Placement` (rest module via the
 * code index) and EN api-reference/widgets/placement-*.md:
 * - admin only (`bitrix24_config`) ⇒ 403 ACCESS_DENIED;
 * - PLACEMENT upper-cased; 'DEFAULT' refused (ERROR_ARGUMENT "Wrong value"); unknown ⇒ ERROR_PLACEMENT_NOT_FOUND;
 * - duplicate (app, placement, handler) ⇒ 400 ERROR_CORE "Unable to set placement handler: Handler already binded";
 * - placement.get rows {placement, userId, handler, options, title, description, langAll} (EN placement-get.md);
 * - placement.unbind ⇒ {count} (HANDLER optional: all handlers of that placement).
 */
import { isPlainObject, phpObject, upperKeys, type Dict } from "../forms";
import { argumentError, argumentNull, methodError } from "../rest-errors";
import { requireAdmin, type MethodHandler } from "./context";
import { checkHandlerUrl } from "./events";

const ENTITIES = ["LEAD", "DEAL", "CONTACT", "COMPANY", "INVOICE", "SMART_INVOICE", "QUOTE", "ORDER", "ACTIVITY"];
const ENTITY_SPOTS = [
  "DETAIL_TAB", "DETAIL_TOOLBAR", "DETAIL_ACTIVITY", "LIST_MENU", "LIST_TOOLBAR", "ACTIVITY_TIMELINE_MENU",
];
/** Placement codes available to the emulator's scope (EN widgets/placements.md, subset). */
const KNOWN_PLACEMENTS = new Set<string>([
  ...ENTITIES.flatMap((e) => ENTITY_SPOTS.map((s) => `CRM_${e}_${s}`)),
  "CRM_ANALYTICS_MENU", "CRM_FUNNELS_TOOLBAR", "CRM_ROBOT_DESIGNER_TOOLBAR",
  "LEFT_MENU", "REST_APP_URI", "PAGE_BACKGROUND_WORKER", "USER_PROFILE_MENU", "USER_PROFILE_TOOLBAR",
]);

export interface PlacementRow {
  ID: number;
  APP_ID: string;
  PLACEMENT: string;
  PLACEMENT_HANDLER: string;
  TITLE: string;
  COMMENT: string;
  GROUP_NAME: string;
  OPTIONS: Dict;
  USER_ID: number;
  LANG_ALL: Dict;
}

const bind: MethodHandler = (params, ctx) => {
  requireAdmin(ctx);
  const p = upperKeys(params);
  const placement = String(p.PLACEMENT ?? "").toUpperCase();
  const handler = String(p.HANDLER ?? "");
  if (placement === "") throw argumentNull("PLACEMENT");
  if (placement === "DEFAULT") throw argumentError("Wrong value", "PLACEMENT");
  if (handler === "") throw argumentNull("HANDLER");
  checkHandlerUrl(ctx, handler);
  if (!KNOWN_PLACEMENTS.has(placement)) throw methodError("ERROR_PLACEMENT_NOT_FOUND", "Placement not found");
  const userId = Number.parseInt(String(p.USER_ID ?? "0"), 10) || 0;
  if (userId > 0 && placement !== "PAGE_BACKGROUND_WORKER") {
    throw methodError("ERROR_PLACEMENT_USER_MODE", "User mode is not available");
  }
  const dup = ctx.portal.placements.some(
    (r: PlacementRow) => r.APP_ID === ctx.clientId && r.PLACEMENT === placement && r.PLACEMENT_HANDLER === handler,
  );
  if (dup) throw methodError("ERROR_CORE", "Unable to set placement handler: Handler already binded");
  const row: PlacementRow = {
    ID: ctx.portal.nextId("placement"),
    APP_ID: ctx.clientId,
    PLACEMENT: placement,
    PLACEMENT_HANDLER: handler,
    TITLE: typeof p.TITLE === "string" ? p.TITLE.trim() : "",
    COMMENT: typeof p.DESCRIPTION === "string" ? p.DESCRIPTION.trim() : "",
    GROUP_NAME: typeof p.GROUP_NAME === "string" ? p.GROUP_NAME : "",
    OPTIONS: isPlainObject(p.OPTIONS) ? p.OPTIONS : {},
    USER_ID: userId,
    LANG_ALL: isPlainObject(p.LANG_ALL) ? p.LANG_ALL : {},
  };
  ctx.portal.placements.push(row);
  return true;
};

const unbind: MethodHandler = (params, ctx) => {
  requireAdmin(ctx);
  const p = upperKeys(params);
  const placement = String(p.PLACEMENT ?? "").toUpperCase();
  const handler = String(p.HANDLER ?? "");
  if (placement === "") throw argumentNull("PLACEMENT");
  const before = ctx.portal.placements.length;
  ctx.portal.placements = ctx.portal.placements.filter(
    (r: PlacementRow) =>
      !(r.APP_ID === ctx.clientId && r.PLACEMENT === placement && (handler === "" || r.PLACEMENT_HANDLER === handler)),
  );
  return { count: before - ctx.portal.placements.length };
};

const get: MethodHandler = (_params, ctx) => {
  requireAdmin(ctx);
  return ctx.portal.placements
    .filter((r: PlacementRow) => r.APP_ID === ctx.clientId)
    .sort((a: PlacementRow, b: PlacementRow) => a.ID - b.ID)
    .map((r: PlacementRow) => ({
      placement: r.PLACEMENT,
      userId: r.USER_ID,
      handler: r.PLACEMENT_HANDLER,
      options: phpObject(r.OPTIONS),
      title: r.TITLE,
      description: r.COMMENT,
      langAll: phpObject(r.LANG_ALL),
    }));
};

export const placementMethods: Record<string, MethodHandler> = {
  "placement.bind": bind,
  "placement.unbind": unbind,
  "placement.get": get,
};
