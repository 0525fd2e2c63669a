/**
 * Notifications — EN api-reference/chats/notifications/im-notify.md (and im-notify-system-add.md, same answer):
 * im.notify {USER_ID*, MESSAGE*, TYPE: USER|SYSTEM (default USER), MESSAGE_OUT, TAG, SUB_TAG, ATTACH} → `result`: the
 * new notification's id (integer), `false` when none was created (here: no such user). USER_ID missing or ≤ 0 ⇒ 400
 * `USER_ID_EMPTY` "User ID can't be empty"; MESSAGE empty after trimming ⇒ 400 `MESSAGE_EMPTY` "Message can't be
 * empty". A TAG already used by the app removes the earlier notifications with it. Stored in `portal.notifications`.
 */
import { RestError } from "../rest-errors";
import type { MethodHandler } from "./context";
import { param, toInt } from "./crm-util";

export interface EmulatedNotification {
  id: number;
  userId: number;
  type: "USER" | "SYSTEM";
  message: string;
  messageOut: string | null;
  tag: string | null;
  subTag: string | null;
  fromUserId: number;
  clientId: string;
  created: string;
}

const notify: MethodHandler = (params, ctx) => {
  const userId = toInt(param(params, "USER_ID"));
  if (userId <= 0) throw new RestError(400, "USER_ID_EMPTY", "User ID can't be empty");
  const message = String(param(params, "MESSAGE") ?? "").trim();
  if (!message) throw new RestError(400, "MESSAGE_EMPTY", "Message can't be empty");
  if (!ctx.portal.users.has(userId)) return false;
  const type = String(param(params, "TYPE") ?? "USER").toUpperCase() === "SYSTEM" ? "SYSTEM" : "USER";
  const tag = param(params, "TAG") ? String(param(params, "TAG")) : null;
  if (tag) ctx.portal.notifications = ctx.portal.notifications.filter((n) => !(n.tag === tag && n.clientId === ctx.clientId));
  const entry: EmulatedNotification = {
    id: ctx.portal.nextId("notification"),
    userId,
    type,
    message,
    messageOut: param(params, "MESSAGE_OUT") ? String(param(params, "MESSAGE_OUT")) : null,
    tag,
    subTag: param(params, "SUB_TAG") ? String(param(params, "SUB_TAG")) : null,
    fromUserId: ctx.userId,
    clientId: ctx.clientId,
    created: ctx.portal.nowIso(),
  };
  ctx.portal.notifications.push(entry);
  return entry.id;
};

export const imMethods: Record<string, MethodHandler> = {
  "im.notify": notify,
  "im.notify.system.add": (params, ctx) => notify({ ...params, TYPE: "SYSTEM" }, ctx),
  "im.notify.personal.add": (params, ctx) => notify({ ...params, TYPE: "USER" }, ctx),
};
