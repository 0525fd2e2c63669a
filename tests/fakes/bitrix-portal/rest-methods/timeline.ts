/**
 * CRM timeline log messages — EN api-reference/crm/timeline/logmessage/crm-timeline-logmessage-{add,get,list}.md and
 * CRM `lib/controller/timeline/logmessage.php`:
 *
 * - add {fields: {entityTypeId, entityId, title, text, iconCode}} → `{logMessage: {id, created, authorId, title, text,
 *   iconCode}}`, stored in `portal.timeline`; no `fields` ⇒ "100" "Could not find value for parameter {fields}"; a
 *   missing field ⇒ 400 `{error: 0, error_description: "Missing a required field: <name>"}` (controller); an owner
 *   that does not exist ⇒ 400 `OWNER_NOT_FOUND` "Owner was not found" (docs' error table). Who may call: the docs say
 *   a user who can edit the item (the mirrored controller demands a CRM admin) — any emulated user may.
 * - get {id} → `{logMessage}`; unknown ⇒ 400 `NOT_FOUND` "Timeline logmessage not found for id `<id>`".
 * - list {entityTypeId, entityId, order?, start?} → 10 per page, newest first (`ID DESC` unless `order` names `id` /
 *   `created` with a lowercase `asc` / `desc` — anything else is ignored, as `prepareOrder` compares strictly), with
 *   `total` (and `next`). Only entries added through this method are listed.
 *   Result shape: the docs show a plain array; the controller returns `Page('logMessages', …)`, which the REST engine
 *   renders as `{logMessages: [...]}` (like sale.payment.list's `payments`). The emulator follows the docs by default;
 *   set `portal.logMessageListShape = 'page'` to get the controller's shape — a client should accept both.
 */
import { DEAL_ENTITY_TYPE_ID, type EmulatedLogMessage } from "../crm";
import { isPlainObject, type Dict } from "../forms";
import { RestError } from "../rest-errors";
import { Paged, type MethodHandler } from "./context";
import { missingParam, param, requireParam, toInt } from "./crm-util";

const LIST_PAGE = 10;

export function logMessageFields(m: EmulatedLogMessage): Dict {
  return { id: m.id, created: m.created, authorId: m.authorId, title: m.title, text: m.text, iconCode: m.iconCode };
}

const add: MethodHandler = (params, ctx) => {
  const fields = param(params, "fields");
  if (!isPlainObject(fields)) throw missingParam("fields");
  for (const name of ["entityTypeId", "entityId", "title", "text", "iconCode"]) {
    if (fields[name] === undefined || fields[name] === null) throw new RestError(400, 0, `Missing a required field: ${name}`);
  }
  const entityTypeId = toInt(fields.entityTypeId);
  const entityId = toInt(fields.entityId);
  const ownerExists = entityTypeId === DEAL_ENTITY_TYPE_ID && ctx.portal.crm.deals.has(entityId);
  if (!ownerExists) throw new RestError(400, "OWNER_NOT_FOUND", "Owner was not found");
  const entry: EmulatedLogMessage = {
    id: ctx.portal.nextId("timeline"),
    entityTypeId,
    entityId,
    created: ctx.portal.nowIso(),
    authorId: ctx.userId,
    title: String(fields.title),
    text: String(fields.text),
    iconCode: String(fields.iconCode),
    clientId: ctx.clientId,
  };
  ctx.portal.crm.timeline.push(entry);
  return { logMessage: logMessageFields(entry) };
};

const get: MethodHandler = (params, ctx) => {
  const id = toInt(requireParam(params, "id"));
  const entry = ctx.portal.crm.timeline.find((m) => m.id === id);
  if (!entry) throw new RestError(400, "NOT_FOUND", `Timeline logmessage not found for id \`${id}\``);
  return { logMessage: logMessageFields(entry) };
};

const list: MethodHandler = (params, ctx) => {
  const entityTypeId = toInt(requireParam(params, "entityTypeId"));
  const entityId = toInt(requireParam(params, "entityId"));
  const rawOrder = param(params, "order");
  const order: Array<[keyof EmulatedLogMessage, "asc" | "desc"]> = [];
  if (isPlainObject(rawOrder)) {
    for (const [k, v] of Object.entries(rawOrder)) {
      if ((k === "id" || k === "created") && (v === "asc" || v === "desc")) order.push([k, v]);
    }
  }
  if (order.length === 0) order.push(["id", "desc"]);
  const rows = ctx.portal.crm.timeline
    .filter((m) => m.entityTypeId === entityTypeId && m.entityId === entityId)
    .sort((a, b) => {
      for (const [k, dir] of order) {
        const av = k === "created" ? Date.parse(String(a[k])) : Number(a[k]);
        const bv = k === "created" ? Date.parse(String(b[k])) : Number(b[k]);
        if (av !== bv) return dir === "asc" ? av - bv : bv - av;
      }
      return b.id - a.id;
    });
  const offset = Math.max(0, toInt(param(params, "start") ?? param(params, "offset")));
  const items = rows.slice(offset, offset + LIST_PAGE).map(logMessageFields);
  const next = offset + items.length < rows.length ? offset + items.length : undefined;
  const result = ctx.portal.logMessageListShape === "page" ? { logMessages: items } : items;
  return new Paged(result, rows.length, next);
};

export const timelineMethods: Record<string, MethodHandler> = {
  "crm.timeline.logmessage.add": add,
  "crm.timeline.logmessage.get": get,
  "crm.timeline.logmessage.list": list,
};
