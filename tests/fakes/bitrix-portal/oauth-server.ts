/**
 * The OAuth server (oauth.bitrix.info stand-in), on its own port.
 * `GET|POST /oauth/token/?grant_type=refresh_token&client_id&client_secret&refresh_token` (form, JSON or query)
 * → `{access_token, expires, expires_in, scope, domain:'oauth.bitrix.info', server_endpoint, status, client_endpoint,
 * member_id, user_id, refresh_token}` (EN settings/oauth/index.md, docs/bitrix24-protocol.md §5).
 * Refresh tokens are single-use: reuse ⇒ 400 invalid_grant; wrong client ⇒ 401 invalid_client.
 * Also `/rest/app.info` (the "trusted" app.info on the OAuth server, EN simple-way.md).
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { parsePhpForm, type Dict } from "./forms";
import { parseBody, readBody, sendJson } from "./http-util";
import { RestError } from "./rest-errors";
import { runMethod } from "./rest-methods";
import { authenticate } from "./rest-server";
import type { PortalState } from "./state";
import { timeBlock } from "./time";
import type { TokenStore } from "./tokens";
import type { EmulatorConfig, OAuthRequestLogEntry } from "./types";

export interface OAuthDeps {
  config: EmulatorConfig;
  tokens: TokenStore<PortalState>;
  log: OAuthRequestLogEntry[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function tokenGrant(deps: OAuthDeps, params: Dict): Promise<{ status: number; body: Dict }> {
  const { config, tokens } = deps;
  if (params.grant_type !== "refresh_token") {
    return { status: 400, body: { error: "invalid_request", error_description: "Unsupported grant_type" } };
  }
  if (params.client_id !== config.clientId || params.client_secret !== config.clientSecret) {
    return { status: 401, body: { error: "invalid_client" } };
  }
  if (typeof params.refresh_token !== "string" || params.refresh_token === "") {
    return { status: 400, body: { error: "invalid_request", error_description: "Refresh token is missing" } };
  }
  // Consumed before the optional delay, so a concurrent second use of the same token is refused (rotation race).
  const rec = tokens.consumeRefresh(params.refresh_token);
  if (!rec) return { status: 400, body: { error: "invalid_grant", error_description: "Invalid grant" } };
  if (config.oauthDelayMs > 0) await sleep(config.oauthDelayMs);
  const issued = tokens.issue(rec.portal, rec.userId);
  tokens.countRefresh(rec.portal);
  return {
    status: 200,
    body: {
      access_token: issued.accessToken,
      expires: issued.expires,
      expires_in: issued.expiresIn,
      scope: config.scope,
      domain: "oauth.bitrix.info",
      server_endpoint: `${config.oauthUrl}/rest/`,
      status: "L",
      client_endpoint: `${rec.portal.origin}/rest/`,
      member_id: rec.portal.memberId,
      user_id: rec.userId,
      refresh_token: issued.refreshToken,
    },
  };
}

export function createOAuthHandler(deps: OAuthDeps) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? "/", "http://oauth.invalid");
    const rawBody = await readBody(req);
    const params: Dict = { ...parsePhpForm(url.search.replace(/^\?/, "")), ...parseBody(req.headers["content-type"], rawBody) };
    let status: number;
    let body: Dict;
    if (url.pathname === "/oauth/token/") {
      ({ status, body } = await tokenGrant(deps, params));
    } else if (/^\/rest\/app\.info(\.json)?$/.test(url.pathname)) {
      const started = Date.now();
      try {
        const caller = authenticate(deps.tokens, null, typeof params.auth === "string" ? params.auth : undefined);
        const out = await runMethod("app.info", {}, { ...caller, clientId: deps.config.clientId });
        status = 200;
        body = { result: out.result, time: timeBlock(started, Date.now(), 0) };
      } catch (e) {
        if (!(e instanceof RestError)) throw e;
        status = e.status;
        body = e.body();
      }
    } else {
      status = 404;
      body = { error: "not_found", error_description: "Not found" };
    }
    deps.log.push({ path: url.pathname, params, rawBody, status, at: Date.now() });
    sendJson(res, status, body);
  };
}
