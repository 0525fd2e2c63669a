import { timingSafeEqual } from "node:crypto";
import { readSession, type SessionUser } from "@/lib/auth/session";
import { getDb, type Db } from "@/lib/db";
import { getPortalById } from "@/lib/db/queries/portals";
import { env } from "@/lib/env";
import type { Portal } from "@/lib/db/schema";
import { readTextLimited } from "./body";
import { LIMITS, takeToken } from "./rate-limit";
import { AppError, toErrorResponse } from "./errors";

// Wrappers that give route handlers their context and end every failure in toErrorResponse().

type RouteContext<P> = { params: Promise<P> };

export interface SessionContext<P> {
  req: Request;
  db: Db;
  user: SessionUser;
  /** The user's portal, still installed: it scopes everything the handler does. */
  portal: Portal;
  params: P;
}

/** Requires a session (cookie or bearer) of a portal that is still installed; an uninstall ends every session. */
export function withSession<P = Record<string, never>>(handler: (ctx: SessionContext<P>) => Promise<Response>) {
  return async (req: Request, ctx: RouteContext<P>): Promise<Response> => {
    try {
      const user = await readSession(req);
      if (!user) throw new AppError("unauthorized", "Сессия истекла — откройте приложение заново из Битрикс24");
      if (!takeToken(`api:${user.portalId}:${user.userId}`, LIMITS.api)) throw new AppError("rate_limited", "Слишком много запросов — подождите несколько секунд");
      const db = await getDb();
      const portal = await getPortalById(db, user.portalId);
      if (!portal || portal.status !== "installed" || portal.memberId !== user.memberId) {
        throw new AppError("unauthorized", "Приложение не установлено на портале — откройте его заново из Битрикс24");
      }
      return await handler({ req, db, user, portal, params: (await ctx?.params) ?? ({} as P) });
    } catch (err) {
      return toErrorResponse(err);
    }
  };
}

/** For public endpoints (Bitrix24 callbacks): gives the database and maps errors. */
export function withDb(handler: (ctx: { req: Request; db: Db }) => Promise<Response>) {
  return async (req: Request): Promise<Response> => {
    try {
      return await handler({ req, db: await getDb() });
    } catch (err) {
      return toErrorResponse(err);
    }
  };
}

/** The settings' largest body is three PEM files; nothing the pages send comes near this. */
const MAX_JSON_BYTES = 128 * 1024;

/** Parses a JSON body (size-limited); anything that is not JSON is a 400, not a 500. */
export async function readJson(req: Request): Promise<unknown> {
  const text = await readTextLimited(req, MAX_JSON_BYTES);
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError("bad_request", "Тело запроса должно быть JSON");
  }
}

/** Scheduled routes: `Authorization: Bearer $CRON_SECRET` (what Vercel Cron sends), compared in constant time. */
export function withCron(handler: (ctx: { req: Request; db: Db }) => Promise<Response>) {
  return withDb(async (ctx) => {
    const secret = env().CRON_SECRET;
    if (!secret) throw new AppError("not_found", "CRON_SECRET не задан");
    const given = Buffer.from(ctx.req.headers.get("authorization") ?? "");
    const expected = Buffer.from(`Bearer ${secret}`);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new AppError("unauthorized", "Неверный CRON_SECRET");
    return handler(ctx);
  });
}
