import { readSession, type SessionUser } from "@/lib/auth/session";
import { getDb, type Db } from "@/lib/db";
import { AppError, toErrorResponse } from "./errors";

// Wrappers that give route handlers their context and end every failure in toErrorResponse().

type RouteContext<P> = { params: Promise<P> };

export interface SessionContext<P> {
  req: Request;
  db: Db;
  user: SessionUser;
  params: P;
}

/** Requires a session (cookie or bearer). The user's portal scopes everything the handler does. */
export function withSession<P = Record<string, never>>(handler: (ctx: SessionContext<P>) => Promise<Response>) {
  return async (req: Request, ctx: RouteContext<P>): Promise<Response> => {
    try {
      const user = await readSession(req);
      if (!user) throw new AppError("unauthorized", "Сессия истекла — откройте приложение заново из Битрикс24");
      return await handler({ req, db: await getDb(), user, params: (await ctx?.params) ?? ({} as P) });
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

/** Parses a JSON body; anything that is not a JSON object is a 400, not a 500. */
export async function readJson(req: Request): Promise<unknown> {
  try {
    return await req.json();
  } catch {
    throw new AppError("bad_request", "Тело запроса должно быть JSON");
  }
}
