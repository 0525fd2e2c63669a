/**
 * The portal's REST endpoint: `POST|GET /rest/<method>` and `/rest/<method>.json`.
 * Params come from the query, then a JSON or PHP-form body (body wins, like PHP's $_REQUEST order);
 * the access token is `auth` (or `Authorization: Bearer`). Success:
 * `{result, [next], [total], time}`; errors `{error, error_description}` with the status from rest-errors.ts.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { parsePhpForm, type Dict } from "./forms";
import { parseBody, readBody, sendJson } from "./http-util";
import { runMethod } from "./rest-methods";
import { RestError, systemErrors } from "./rest-errors";
import type { PortalState } from "./state";
import { timeBlock } from "./time";
import type { TokenStore } from "./tokens";

function bearer(req: IncomingMessage): string | undefined {
  const h = req.headers.authorization;
  const m = h ? /^Bearer\s+(.+)$/i.exec(h) : null;
  return m?.[1];
}

/** Resolves the caller of a token on this portal, or throws the system error Bitrix24 answers. */
export function authenticate(
  tokens: TokenStore<PortalState>,
  portal: PortalState | null,
  token: string | undefined,
): { portal: PortalState; userId: number } {
  if (!token) throw systemErrors.noAuth();
  const rec = tokens.access.get(token);
  if (!rec || (portal && rec.portal !== portal)) throw systemErrors.invalidToken();
  if (rec.expiresAtMs <= Date.now()) throw systemErrors.expiredToken();
  return { portal: rec.portal, userId: rec.userId };
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export function createRestHandler(portal: PortalState, tokens: TokenStore<PortalState>) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const halfRtt = portal.networkRttMs / 2;
    if (halfRtt > 0) await sleep(halfRtt);
    const startedMs = portal.nowMs();
    const url = new URL(req.url ?? "/", "http://emulator.invalid");
    const path = portal.config.mergeSlashes ? url.pathname.replace(/\/{2,}/g, "/") : url.pathname;
    const rawBody = await readBody(req);
    const rawQuery = url.search.replace(/^\?/, "");
    const match = /^\/rest\/([^/]+?)(?:\.json)?$/.exec(path);
    const method = match?.[1] ? decodeURIComponent(match[1]).toLowerCase() : path;
    const params: Dict = { ...parsePhpForm(rawQuery), ...parseBody(req.headers["content-type"], rawBody) };

    let status = 200;
    let body: Record<string, unknown>;
    try {
      if (!match) throw systemErrors.methodNotFound();
      if (!portal.takeRateLimit()) throw systemErrors.queryLimit();
      const token = typeof params.auth === "string" ? params.auth : bearer(req);
      const caller = authenticate(tokens, portal, token);
      const methodParams = { ...params };
      delete methodParams.auth;
      const out = await runMethod(method, methodParams, { ...caller, clientId: portal.config.clientId });
      body = {
        result: out.result,
        ...(out.next !== undefined ? { next: out.next } : {}),
        ...(out.total !== undefined ? { total: out.total } : {}),
        time: timeBlock(startedMs, portal.nowMs(), portal.config.timezoneOffsetMin),
      };
    } catch (e) {
      if (!(e instanceof RestError)) throw e;
      status = e.status;
      body = e.body();
    }
    portal.requests.push({ method, params, rawBody, status, at: Date.now(), httpMethod: req.method ?? "GET", rawQuery });
    if (halfRtt > 0) await sleep(halfRtt);
    sendJson(res, status, body);
  };
}
