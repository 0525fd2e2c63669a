/**
 * Route table of the fake ATOL server. Each route matches a method and a path under `/possystem/v5`;
 * later operations (`/{group_code}/sell`, `/report/{uuid}`, …) are added to `ATOL_ROUTES` in atol/routes/.
 */
import type { IncomingMessage } from "node:http";
import { AtolHttpError, atolErrors } from "./errors";
import type { AtolAccount } from "./state";
import type { AtolState } from "./state";

export interface AtolRequestContext {
  state: AtolState;
  req: IncomingMessage;
  url: URL;
  /** Regex groups of the matched route path. */
  match: RegExpExecArray;
  rawBody: string;
}

export interface AtolResponse {
  status: number;
  body: unknown;
}

export interface AtolRoute {
  method: "GET" | "POST";
  /** Matched against the path after `/possystem/v5`. */
  path: RegExp;
  handle(ctx: AtolRequestContext): AtolResponse | Promise<AtolResponse>;
}

/**
 * Reads a JSON request body as ATOL does: a non-JSON Content-Type ⇒ 415 code 41,
 * unparsable JSON ⇒ 400 code 40 (cloud-cashbox-providers.md §1.1, §1.5).
 */
export function readJson(ctx: AtolRequestContext): unknown {
  const type = (ctx.req.headers["content-type"] ?? "").toLowerCase();
  if (!type.split(";")[0]?.trim().endsWith("/json")) throw atolErrors.unsupportedMediaType();
  try {
    return JSON.parse(ctx.rawBody);
  } catch {
    throw atolErrors.badRequest();
  }
}

export function errorResponse(e: AtolHttpError, ctx: { state: AtolState }): AtolResponse {
  return { status: e.status, body: e.body(ctx.state.timestamp()) };
}

/** Token from the `Token` header, or `?token=` (§1.1). */
export function requestToken(req: IncomingMessage, url: URL): string | undefined {
  const header = req.headers.token;
  const value = Array.isArray(header) ? header[0] : header;
  return value || url.searchParams.get("token") || undefined;
}

/** Checks the token and that its account owns `groupCode`: missing ⇒ 10, expired/unknown ⇒ 11, foreign group ⇒ 20. */
export function authorizeGroup(ctx: AtolRequestContext, groupCode: string): AtolAccount {
  const token = requestToken(ctx.req, ctx.url);
  if (!token) throw atolErrors.missingToken();
  const account = ctx.state.lookupToken(token);
  if (!account || account === "expired") throw atolErrors.expiredToken();
  if (account.blocked) throw atolErrors.userBlocked();
  if (!account.groupCodes.includes(groupCode)) throw atolErrors.groupMismatch(groupCode);
  return account;
}
