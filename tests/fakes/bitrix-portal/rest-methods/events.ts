/**
 * event.bind / event.get / event.unbind / event.offline.get — mirrors `Bitrix\Rest\Api\Event`
 * (rest module, read via the code index) and EN/RU api-reference/events/*.md:
 * - event name upper-cased, event_type lower-cased 'online'|'offline' (else ERROR_ARGUMENT);
 * - non-admin: offline refused (ACCESS_DENIED), auth_type forced to the caller;
 * - duplicate (app, event, handler, connector, user) ⇒ 400 ERROR_CORE
 *   "Unable to set event handler: Handler already binded";
 * - event.get: online rows {event, handler, auth_type, offline:0}, offline rows {event, connector_id, offline:1};
 * - event.unbind ⇒ {count};
 * - event.offline.get (admin): {process_id, events:[{ID, TIMESTAMP_X, EVENT_NAME, EVENT_DATA, EVENT_ADDITIONAL,
 *   MESSAGE_ID}]}, clear=1 by default deletes the returned rows. Without `process_id` it first marks up to `limit`
 *   unmarked rows with a new process id (`EventOfflineTable::markEvents`) and returns those; with `process_id` it marks
 *   nothing and returns the rows already marked with it. So rows fetched with clear=0 stay in the table, invisible to
 *   every other call, until cleared (or re-read with the same process_id); `process_id` is returned only for clear=0
 *   or when it was passed in.
 * - event.offline.clear (admin) {process_id*, id?: int[], message_id?: string[32][]}: deletes the rows marked with
 *   process_id (only those ids / message ids when given) — `EventOfflineTable::clearEvents` /
 *   `clearEventsByMessageId` (rest `lib/api/event.php` eventOfflineClear, `lib/eventofflinetable.php`); returns true.
 *   No process_id ⇒ ERROR_ARGUMENT "Argument 'PROCESS_ID' is null or empty"; a non-array `id` / `message_id` (or a
 *   non-positive id, a message id not 32 chars long) ⇒ ERROR_ARGUMENT. An empty process_id ('') is accepted and
 *   matches the *unmarked* rows — it deletes every pending event, as the SQL `PROCESS_ID=''` does.
 */
import { applyFilter, applyOrder } from "../filter";
import { isPlainObject, lowerKeys, upperKeys, type Dict } from "../forms";
import { accessDenied, argumentError, argumentNull, methodError } from "../rest-errors";
import { isoWithOffset } from "../time";
import { randomHex } from "../tokens";
import { requireAdmin, type CallContext, type MethodHandler } from "./context";

/** Events an app with the emulator's scope can bind (app/basic, sale, crm). */
const KNOWN_EVENTS = new Set([
  "ONAPPINSTALL", "ONAPPUNINSTALL", "ONAPPUPDATE", "ONAPPPAYMENT", "ONAPPTEST", "ONAPPMETHODCONFIRM",
  "ONOFFLINEEVENT", "ONUSERADD",
  "ONSALEORDERSAVED", "ONORDERENTITYSAVED", "ONORDERDELETED", "ONSALEBEFOREORDERDELETE",
  "ONPAYMENTENTITYSAVED", "ONPAYMENTDELETED", "ONSHIPMENTENTITYSAVED", "ONSHIPMENTDELETED",
  "ONPROPERTYVALUEENTITYSAVED", "ONPROPERTYVALUEDELETED",
]);
/** `onOfflineEvent` is registered with disableOffline (rest Event::onRestServiceBuildDescription). */
const ONLINE_ONLY = new Set(["ONOFFLINEEVENT"]);

function eventExists(name: string): boolean {
  return KNOWN_EVENTS.has(name) || /^ONCRM[A-Z0-9_]+$/.test(name);
}

export interface EventBindingRow {
  ID: number;
  APP_ID: string;
  EVENT_NAME: string;
  EVENT_HANDLER: string;
  USER_ID: number;
  CONNECTOR_ID: string;
  OPTIONS: Dict;
  offline: boolean;
}

/**
 * `HandlerHelper::checkCallback` (EN/RU event-bind.md error table): scheme must be http/https
 * (ERROR_UNSUPPORTED_PROTOCOL), the host must contain a dot (ERROR_WRONG_HANDLER_URL).
 */
export function checkHandlerUrl(ctx: CallContext, url: string): void {
  if (!ctx.portal.config.strictHandlerUrls) return;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw methodError("ERROR_WRONG_HANDLER_URL", "Wrong handler URL");
  }
  if (!parsed.hostname || !parsed.hostname.includes(".")) throw methodError("ERROR_WRONG_HANDLER_URL", "Wrong handler URL");
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    throw methodError("ERROR_UNSUPPORTED_PROTOCOL", "Unsupported handler protocol");
  }
}

function eventType(raw: unknown): "online" | "offline" {
  const t = String(raw ?? "").toLowerCase();
  if (t === "") return "online";
  if (t !== "online" && t !== "offline") throw argumentError("Value must be one of {online|offline}", "EVENT_TYPE");
  return t;
}

const bind: MethodHandler = (params, ctx) => {
  const q = upperKeys(params);
  const name = String(q.EVENT ?? "").toUpperCase();
  const type = q.EVENT_TYPE;
  let user = Number.parseInt(String(q.AUTH_TYPE ?? "0"), 10) || 0;
  let handler = String(q.HANDLER ?? "");
  const options = isPlainObject(q.OPTIONS) ? q.OPTIONS : {};
  if (user > 0) {
    if (!ctx.user.admin && user !== ctx.userId) {
      throw accessDenied("Event binding with AUTH_TYPE requires administrator access rights");
    }
  } else if (!ctx.user.admin) {
    user = ctx.userId;
  }
  if (name === "") throw argumentNull("EVENT");
  const kind = eventType(type);
  if (kind === "offline") {
    if (!ctx.user.admin) throw accessDenied("Offline events binding requires administrator access rights");
    handler = "";
    user = 0;
  } else if (handler === "") {
    throw argumentNull("HANDLER");
  }
  if (handler !== "") checkHandlerUrl(ctx, handler);
  if (!eventExists(name)) throw methodError("ERROR_EVENT_NOT_FOUND", "Event not found");
  if (handler === "" && ONLINE_ONLY.has(name)) {
    throw methodError("ERROR_ARGUMENT", "Offline event cannot be registered for this event.");
  }
  const dup = ctx.portal.eventBindings.some(
    (b: EventBindingRow) =>
      b.APP_ID === ctx.clientId && b.EVENT_NAME === name && b.EVENT_HANDLER === handler && b.CONNECTOR_ID === "" && b.USER_ID === user,
  );
  if (dup) throw methodError("ERROR_CORE", "Unable to set event handler: Handler already binded");
  const row: EventBindingRow = {
    ID: ctx.portal.nextId("eventBinding"),
    APP_ID: ctx.clientId,
    EVENT_NAME: name,
    EVENT_HANDLER: handler,
    USER_ID: user,
    CONNECTOR_ID: "",
    OPTIONS: { ...(options.minTimeout !== undefined ? { minTimeout: Number(options.minTimeout) } : {}) },
    offline: kind === "offline",
  };
  ctx.portal.eventBindings.push(row);
  return true;
};

const unbind: MethodHandler = (params, ctx) => {
  const q = upperKeys(params);
  const name = String(q.EVENT ?? "").toUpperCase();
  let handler = String(q.HANDLER ?? "");
  if (name === "") throw argumentNull("EVENT");
  const kind = eventType(q.EVENT_TYPE);
  if (kind === "offline") {
    if (!ctx.user.admin) throw accessDenied("Offline events unbinding requires administrator access rights");
    handler = "";
  } else if (handler === "") {
    throw argumentNull("HANDLER");
  }
  let userFilter: number | undefined;
  if (kind === "online") {
    if (q.AUTH_TYPE !== undefined) {
      const authType = Number.parseInt(String(q.AUTH_TYPE), 10) || 0;
      if (!ctx.user.admin && authType !== ctx.userId) {
        throw accessDenied("Event unbinding with AUTH_TYPE requires administrator access rights");
      }
      userFilter = authType;
    } else if (!ctx.user.admin) {
      userFilter = ctx.userId;
    }
  }
  const matches = (b: EventBindingRow) =>
    b.APP_ID === ctx.clientId &&
    b.EVENT_NAME === name &&
    b.EVENT_HANDLER === handler &&
    (kind === "offline" ? b.CONNECTOR_ID === "" : true) &&
    (userFilter === undefined || b.USER_ID === userFilter);
  const before = ctx.portal.eventBindings.length;
  ctx.portal.eventBindings = ctx.portal.eventBindings.filter((b: EventBindingRow) => !matches(b));
  return { count: before - ctx.portal.eventBindings.length };
};

const get: MethodHandler = (_params, ctx) => {
  return ctx.portal.eventBindings
    .filter((b: EventBindingRow) => b.APP_ID === ctx.clientId && (ctx.user.admin || b.USER_ID === ctx.userId))
    .sort((a: EventBindingRow, b: EventBindingRow) => a.ID - b.ID)
    .map((b: EventBindingRow) =>
      b.EVENT_HANDLER !== ""
        ? { event: b.EVENT_NAME, handler: b.EVENT_HANDLER, auth_type: String(b.USER_ID), offline: 0 }
        : { event: b.EVENT_NAME, connector_id: b.CONNECTOR_ID ?? "", offline: 1 },
    );
};

const OFFLINE_FIELDS = ["ID", "TIMESTAMP_X", "EVENT_NAME", "MESSAGE_ID"];

const offlineGet: MethodHandler = (params, ctx) => {
  requireAdmin(ctx);
  const q = lowerKeys(params);
  const clear = q.clear === undefined ? 1 : Number.parseInt(String(q.clear), 10) || 0;
  const processIdIn = q.process_id === undefined ? null : String(q.process_id).trim();
  const limit = q.limit === undefined ? 50 : Number.parseInt(String(q.limit), 10) || 0;
  const getErrors = q.error !== undefined && Number.parseInt(String(q.error), 10) === 1;
  if (limit <= 0) throw argumentError("Value must be positive integer", "LIMIT");

  // sanitizeFilter/sanitizeOrder keep only ID, TIMESTAMP_X, EVENT_NAME, MESSAGE_ID.
  const filter = Object.fromEntries(
    Object.entries(isPlainObject(q.filter) ? q.filter : {}).filter(([k]) =>
      OFFLINE_FIELDS.some((f) => k.toUpperCase().endsWith(f)),
    ),
  );
  const order = isPlainObject(q.order)
    ? Object.fromEntries(Object.entries(q.order).filter(([k]) => OFFLINE_FIELDS.includes(k.toUpperCase())))
    : { TIMESTAMP_X: "ASC" };
  const field = (row: Dict, f: string) => row[f.toUpperCase()];

  let processId: string;
  let returnProcessId = clear === 0;
  if (processIdIn === null) {
    processId = randomHex(16);
    const candidates = ctx.portal.offlineEvents.filter((e: Dict) => e.PROCESS_ID === "" && e.ERROR === (getErrors ? 1 : 0));
    applyOrder(applyFilter(candidates, filter, field), order, field)
      .slice(0, limit)
      .forEach((e: Dict) => {
        e.PROCESS_ID = processId;
      });
  } else {
    processId = processIdIn;
    returnProcessId = true;
  }
  const selected = applyOrder(
    applyFilter(
      ctx.portal.offlineEvents.filter((e: Dict) => e.PROCESS_ID === processId && e.ERROR === (getErrors ? 1 : 0)),
      filter,
      field,
    ),
    order,
    field,
  ).slice(0, limit);
  const events = selected.map((e: Dict) => ({
    ID: String(e.ID),
    TIMESTAMP_X: isoWithOffset(Number(e.TIMESTAMP_X), ctx.portal.config.timezoneOffsetMin),
    EVENT_NAME: e.EVENT_NAME,
    EVENT_DATA: e.EVENT_DATA,
    EVENT_ADDITIONAL: e.EVENT_ADDITIONAL,
    MESSAGE_ID: e.MESSAGE_ID,
  }));
  if (clear && events.length > 0) {
    ctx.portal.offlineEvents = ctx.portal.offlineEvents.filter((e: Dict) => e.PROCESS_ID !== processId);
  }
  return { process_id: returnProcessId ? processId : null, events };
};

function phpList(value: unknown): unknown[] | null {
  if (Array.isArray(value)) return value;
  if (isPlainObject(value)) return Object.values(value);
  return null;
}

const offlineClear: MethodHandler = (params, ctx) => {
  requireAdmin(ctx);
  const q = lowerKeys(params);
  if (q.process_id === undefined || q.process_id === null) throw argumentNull("PROCESS_ID");
  const processId = String(q.process_id).trim();
  let keep: (e: Dict) => boolean;
  if (q.message_id !== undefined) {
    const list = phpList(q.message_id);
    if (!list) throw argumentError("Value must be array of MESSAGE_ID values", "message_id");
    const ids = list.map((m) => String(m).trim());
    // (sic) the rest module names the argument 'messsage_id' for a wrong length.
    if (ids.some((m) => m.length !== 32)) throw argumentError("Value must be array of MESSAGE_ID values", "messsage_id");
    keep = (e) => !(e.PROCESS_ID === processId && ids.includes(String(e.MESSAGE_ID)));
  } else if (q.id !== undefined) {
    const list = phpList(q.id);
    if (!list) throw argumentError("Value must be array of integers", "id");
    const ids = list.map((v) => Number.parseInt(String(v), 10) || 0);
    if (ids.some((v) => v <= 0)) throw argumentError("Value must be array of integers", "id");
    keep = (e) => !(e.PROCESS_ID === processId && ids.includes(Number(e.ID)));
  } else {
    keep = (e) => e.PROCESS_ID !== processId;
  }
  ctx.portal.offlineEvents = ctx.portal.offlineEvents.filter(keep);
  return true;
};

export const eventMethods: Record<string, MethodHandler> = {
  "event.bind": bind,
  "event.unbind": unbind,
  "event.get": get,
  "event.offline.get": offlineGet,
  "event.offline.clear": offlineClear,
};
