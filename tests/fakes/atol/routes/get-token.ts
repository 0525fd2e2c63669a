/**
 * `POST /getToken` `{login, pass, source?}` (JSON) and `GET /getToken?login=&pass=` →
 * `{error: null, token, timestamp}`; wrong login/password ⇒ 401 code 12; blocked ⇒ 403 code 14
 * (cloud-cashbox-providers.md §1.1, §1.5). Every success issues a new 24 h token (tokensIssued += 1).
 */
import { atolErrors } from "../errors";
import { readJson, type AtolRequestContext, type AtolResponse, type AtolRoute } from "../router";

function issue(ctx: AtolRequestContext, login: unknown, pass: unknown): AtolResponse {
  if (typeof login !== "string" || typeof pass !== "string") throw atolErrors.validation("login и pass обязательны");
  const account = ctx.state.findAccount(login);
  if (!account || account.pass !== pass) throw atolErrors.wrongCredentials();
  if (account.blocked) throw atolErrors.userBlocked();
  const token = ctx.state.issueToken(account.login);
  return { status: 200, body: { error: null, token, timestamp: ctx.state.timestamp() } };
}

export const getTokenRoutes: AtolRoute[] = [
  {
    method: "POST",
    path: /^\/getToken$/,
    handle(ctx) {
      const body = readJson(ctx);
      const obj = body && typeof body === "object" && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
      return issue(ctx, obj.login, obj.pass);
    },
  },
  {
    method: "GET",
    path: /^\/getToken$/,
    handle(ctx) {
      return issue(ctx, ctx.url.searchParams.get("login") ?? undefined, ctx.url.searchParams.get("pass") ?? undefined);
    },
  },
];
