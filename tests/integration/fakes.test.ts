/**
 * Proves the local fakes speak the real wire formats: the Bitrix24 portal emulator driven through the real
 * b24jssdk `B24OAuth` (clientEndpoint without trailing slash, serverEndpoint `<oauth>/rest/`), and the fake
 * ATOL v5 server driven with fetch.
 */
import { AjaxError, B24OAuth, EnumAppStatus, type B24OAuthParams } from "@bitrix24/b24jssdk";
import qs from "qs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callResult, EMULATOR_SECRET, emulatorSdk } from "../helpers/emulator-sdk";
import { startPortalEmulator, type EmulatedPortal, type PortalEmulator } from "../fakes/bitrix-portal/emulator";
import { ATOL_TEST_ACCOUNT, startFakeAtol, type FakeAtol } from "../fakes/fake-atol";

const SECRET = EMULATOR_SECRET;
const HANDLER_URL = "http://app.example.test/api/b24";

let emu: PortalEmulator;
let portal: EmulatedPortal;
let other: EmulatedPortal;

beforeAll(async () => {
  emu = await startPortalEmulator({ portals: 2 });
  [portal, other] = emu.portals as [EmulatedPortal, EmulatedPortal];
});
afterAll(async () => {
  await emu?.close();
});

function sdk(p: EmulatedPortal, userId = 1, onRefresh?: (params: B24OAuthParams) => void) {
  return emulatorSdk(emu, p, userId, onRefresh);
}

const call = callResult as <T = any>(b24: B24OAuth, method: string, params?: Record<string, unknown>) => Promise<T>;

async function ajaxError(promise: Promise<unknown>): Promise<AjaxError> {
  try {
    await promise;
  } catch (e) {
    if (e instanceof AjaxError) return e;
    throw e;
  }
  throw new Error("expected an AjaxError");
}

/** A raw REST call (JSON body, token in `auth`), for checking exact status and body. */
async function rest(p: EmulatedPortal, method: string, params: Record<string, unknown>, token?: string) {
  const res = await fetch(`${p.origin}/rest/${method}`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(token ? { ...params, auth: token } : params),
  });
  return { status: res.status, body: (await res.json()) as any };
}

async function oauthRefresh(refreshToken: string, clientSecret = SECRET.clientSecret) {
  const res = await fetch(`${emu.oauthUrl}/oauth/token/`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ grant_type: "refresh_token", client_id: SECRET.clientId, client_secret: clientSecret, refresh_token: refreshToken }),
  });
  return { status: res.status, body: (await res.json()) as any };
}

function handlerFields(code: string, extra: Record<string, unknown> = {}) {
  return {
    CODE: code,
    NAME: `Handler ${code}`,
    SORT: 100,
    SETTINGS: {
      PRINT_URL: `${HANDLER_URL}/print?p=k1`,
      CHECK_URL: `${HANDLER_URL}/check?p=k1`,
      HTTP_VERSION: "1.1",
      CONFIG: { company: { LABEL: "Организация", ITEMS: { inn: { TYPE: "STRING", REQUIRED: "Y", LABEL: "ИНН" } } } },
      ...((extra.SETTINGS as object) ?? {}),
    },
    ...Object.fromEntries(Object.entries(extra).filter(([k]) => k !== "SETTINGS")),
  };
}

describe("portal emulator via B24OAuth", () => {
  it("answers a call with the result and the time block, in the portal's zone and shifted clock", async () => {
    const { b24, tokens } = sdk(portal);
    const r = await b24.actions.v2.call.make<string>({ method: "server.time" });
    const data = r.getData()!;
    expect(data.result).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+03:00$/);
    expect(Math.abs(Date.parse(data.result) - Date.now())).toBeLessThan(5000);
    expect(Object.keys(data.time ?? {})).toEqual(
      expect.arrayContaining(["start", "finish", "duration", "processing", "date_start", "date_finish", "operating_reset_at", "operating"]),
    );
    const logged = portal.requests.at(-1)!;
    expect(logged).toMatchObject({ method: "server.time", status: 200, httpMethod: "POST" });
    expect(logged.rawQuery).toContain("bx24_request_id=");
    expect(JSON.parse(logged.rawBody).auth).toBe(tokens.accessToken);

    portal.clockShiftMs = 2 * 3600_000;
    try {
      const shifted = await call<string>(b24, "server.time");
      expect(Date.parse(shifted) - Date.now()).toBeGreaterThan(2 * 3600_000 - 5000);
    } finally {
      portal.clockShiftMs = 0;
    }
  });

  it("refreshes once after expireAccessTokens(); the rotated refresh token works, the old one is refused", async () => {
    const refreshed: B24OAuthParams[] = [];
    const { b24, tokens } = sdk(portal, 1, (p) => refreshed.push(p));
    expect((await call(b24, "user.current")).ID).toBe("1");
    const before = emu.refreshCount(portal);

    portal.expireAccessTokens();
    const raw = await rest(portal, "user.current", {}, tokens.accessToken);
    expect(raw).toEqual({ status: 401, body: { error: "expired_token", error_description: "The access token provided has expired." } });

    expect((await call(b24, "user.current")).ID).toBe("1");
    expect(await call<boolean>(b24, "user.admin")).toBe(true);
    expect(emu.refreshCount(portal)).toBe(before + 1);
    expect(refreshed).toHaveLength(1);
    const rotated = refreshed[0]!;
    expect(rotated.refreshToken).not.toBe(tokens.refreshToken);
    expect(rotated.clientEndpoint).toBe(`${portal.origin}/rest/`);
    expect(rotated.serverEndpoint).toBe(`${emu.oauthUrl}/rest/`);

    expect(await oauthRefresh(tokens.refreshToken)).toEqual({ status: 400, body: { error: "invalid_grant", error_description: "Invalid grant" } });
    expect((await oauthRefresh(rotated.refreshToken, "wrong")).status).toBe(401);
    const ok = await oauthRefresh(rotated.refreshToken);
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({
      expires_in: 3600,
      domain: "oauth.bitrix.info",
      client_endpoint: `${portal.origin}/rest/`,
      server_endpoint: `${emu.oauthUrl}/rest/`,
      member_id: portal.memberId,
      status: "L",
      user_id: 1,
    });
    expect(ok.body.expires).toBeGreaterThan(Date.now() / 1000 + 3500);
    expect((await rest(portal, "user.admin", {}, ok.body.access_token)).body.result).toBe(true);
  });

  it("refuses the second of two concurrent refreshes of one refresh token (rotation race, oauthDelayMs)", async () => {
    const slow = await startPortalEmulator({ oauthDelayMs: 100 });
    try {
      const p = slow.portals[0]!;
      const t = p.issueTokens(1);
      const make = () =>
        new B24OAuth(
          {
            applicationToken: p.applicationToken, userId: 1, memberId: p.memberId, accessToken: t.accessToken,
            refreshToken: t.refreshToken, expires: t.expires, expiresIn: t.expiresIn, scope: "crm", domain: p.domain,
            clientEndpoint: `${p.origin}/rest`, serverEndpoint: `${slow.oauthUrl}/rest/`, status: EnumAppStatus.Local,
          },
          SECRET,
        );
      p.expireAccessTokens();
      const outcomes = await Promise.allSettled([call(make(), "server.time"), call(make(), "server.time")]);
      expect(outcomes.map((o) => o.status).sort()).toEqual(["fulfilled", "rejected"]);
      expect(slow.refreshCount(p)).toBe(1);
      expect(slow.oauthRequests.map((r) => r.status).sort()).toEqual([200, 400]);
    } finally {
      await slow.close();
    }
  });

  it("refuses missing, unknown and foreign tokens, unknown methods and a double slash", async () => {
    const t = portal.issueTokens(1);
    expect(await rest(portal, "server.time", {})).toMatchObject({ status: 401, body: { error: "NO_AUTH_FOUND" } });
    expect(await rest(portal, "server.time", {}, "nope")).toMatchObject({ status: 401, body: { error: "invalid_token" } });
    expect(await rest(other, "server.time", {}, t.accessToken)).toMatchObject({ status: 401, body: { error: "invalid_token" } });
    expect(await rest(portal, "no.such.method", {}, t.accessToken)).toMatchObject({ status: 404, body: { error: "ERROR_METHOD_NOT_FOUND" } });
    const dbl = await fetch(`${portal.origin}/rest//server.time`, { method: "POST", body: JSON.stringify({ auth: t.accessToken }), headers: { "Content-Type": "application/json" } });
    expect(dbl.status).toBe(404);
    // GET with the token in the query, and the `.json` suffix.
    const get = await fetch(`${portal.origin}/rest/user.admin.json?auth=${t.accessToken}`);
    expect(await get.json()).toMatchObject({ result: true });
  });

  it("handler.add drops a top-level SUPPORTS_FFD105, keeps SETTINGS.SUPPORTS_FFD105, defaults it to N", async () => {
    const { b24 } = sdk(portal);
    const idY = await call<number>(b24, "sale.cashbox.handler.add", handlerFields("ffd_y", { SUPPORTS_FFD105: "Y", SETTINGS: { SUPPORTS_FFD105: "Y" } }));
    const idTop = await call<number>(b24, "sale.cashbox.handler.add", handlerFields("ffd_top", { SUPPORTS_FFD105: "Y" }));
    expect(typeof idY).toBe("number");

    const list = await call<any[]>(b24, "sale.cashbox.handler.list");
    const y = list.find((h) => h.CODE === "ffd_y");
    const top = list.find((h) => h.CODE === "ffd_top");
    expect(y).toMatchObject({ ID: String(idY), SORT: "100", SETTINGS: { SUPPORTS_FFD105: "Y" } });
    expect(top).toMatchObject({ ID: String(idTop), SETTINGS: { SUPPORTS_FFD105: "N" } });
    expect(y).not.toHaveProperty("SUPPORTS_FFD105");
    expect(y).not.toHaveProperty("APP_ID");
    expect(Object.keys(portal.handlers.find((h) => h.CODE === "ffd_y")).sort()).toEqual(["APP_ID", "CODE", "ID", "NAME", "SETTINGS", "SORT"]);
    // Keys are upper-cased recursively (CONFIG section and item codes too).
    expect(y.SETTINGS.CONFIG.COMPANY.ITEMS.INN.TYPE).toBe("STRING");

    const dup = await ajaxError(call(b24, "sale.cashbox.handler.add", handlerFields("ffd_y")));
    expect([dup.code, dup.status]).toEqual(["ERROR_HANDLER_ALREADY_EXIST", 400]);
    const badVersion = await ajaxError(call(b24, "sale.cashbox.handler.add", handlerFields("v2", { SETTINGS: { HTTP_VERSION: "2" } })));
    expect(badVersion.code).toBe("ERROR_CHECK_FAILURE");
    const noCheckUrl = await ajaxError(
      call(b24, "sale.cashbox.handler.add", { CODE: "x", NAME: "x", SETTINGS: { PRINT_URL: HANDLER_URL, CONFIG: {} } }),
    );
    expect(noCheckUrl.code).toBe("ERROR_CHECK_FAILURE");

    // update merges SETTINGS (array_replace_recursive): CHECK_URL survives a PRINT_URL-only update.
    await call(b24, "sale.cashbox.handler.update", { ID: idY, FIELDS: { SETTINGS: { PRINT_URL: `${HANDLER_URL}/print?p=k2` } } });
    const row = portal.handlers.find((h) => h.ID === idY);
    expect(row.SETTINGS).toMatchObject({ PRINT_URL: `${HANDLER_URL}/print?p=k2`, CHECK_URL: `${HANDLER_URL}/check?p=k1`, SUPPORTS_FFD105: "Y" });
  });

  it("cashbox.update with SETTINGS drops REST_CODE; settings.update keeps it; handler.delete is blocked by users", async () => {
    const { b24, tokens } = sdk(portal);
    const handlerId = await call<number>(b24, "sale.cashbox.handler.add", handlerFields("kkt"));
    const add = (name: string) =>
      call<number>(b24, "sale.cashbox.add", { NAME: name, REST_CODE: "kkt", EMAIL: "ops@example.test", SETTINGS: { COMPANY: { INN: "5544332219" } } });
    const keepId = await add("keeps");
    const loseId = await add("loses");
    const row = (id: number) => portal.cashboxes.find((c) => c.ID === id);
    expect(row(keepId)).toMatchObject({ ACTIVE: "N", ENABLED: "Y", SETTINGS: { REST: { REST_CODE: "kkt" }, COMPANY: { INN: "5544332219" } } });

    await call(b24, "sale.cashbox.settings.update", { ID: keepId, FIELDS: { COMPANY: { INN: "7707083893" } } });
    expect(row(keepId).SETTINGS).toEqual({ COMPANY: { INN: "7707083893" }, REST: { REST_CODE: "kkt" } });
    expect(await call(b24, "sale.cashbox.settings.get", { ID: keepId })).toEqual({ COMPANY: { INN: "7707083893" } });

    await call(b24, "sale.cashbox.update", { ID: loseId, FIELDS: { ACTIVE: "Y", SETTINGS: { COMPANY: { INN: "7707083893" } } } });
    expect(row(loseId).ACTIVE).toBe("Y");
    expect(row(loseId).SETTINGS).toEqual({ COMPANY: { INN: "7707083893" } });

    const listed = await call<any[]>(b24, "sale.cashbox.list", { SELECT: ["ID", "NAME", "ACTIVE"], FILTER: { "=ACTIVE": "Y" } });
    expect(listed).toEqual([{ ID: String(loseId), NAME: "loses", ACTIVE: "Y" }]);
    const badSelect = await rest(portal, "sale.cashbox.list", { SELECT: ["ID", "SETTINGS"] }, tokens.accessToken);
    expect(badSelect).toMatchObject({ status: 400, body: { error: "", error_description: "SETTINGS not allowed for select" } });

    const blocked = await ajaxError(call(b24, "sale.cashbox.handler.delete", { ID: handlerId }));
    expect(blocked.code).toBe("ERROR_CHECK_FAILURE");
    expect(blocked.message).toContain(`There are cashboxes with this handler: ${keepId}`);
  });

  it("refuses a non-admin user with 403 ACCESS_DENIED", async () => {
    const { b24 } = sdk(portal, 2);
    const denied = await ajaxError(call(b24, "sale.cashbox.handler.add", handlerFields("by_manager")));
    expect([denied.code, denied.status]).toEqual(["ACCESS_DENIED", 403]);
    const placement = await ajaxError(call(b24, "placement.bind", { PLACEMENT: "CRM_DEAL_DETAIL_TAB", HANDLER: `${HANDLER_URL}/tab` }));
    expect(placement.code).toBe("ACCESS_DENIED");
    expect(await call(b24, "user.admin")).toBe(false);
    await b24.initIsAdmin();
    expect(b24.auth.isAdmin).toBe(false);
    expect(portal.handlers.some((h) => h.CODE === "by_manager")).toBe(false);
  });

  it("answers 503 QUERY_LIMIT_EXCEEDED over the bucket, and the SDK recovers from it", async () => {
    const t = portal.issueTokens(1);
    portal.setRateLimit({ burst: 2, drainPerSec: 1 });
    try {
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push(await rest(portal, "server.time", {}, t.accessToken));
      expect(statuses.map((s) => s.status)).toEqual([200, 200, 503]);
      expect(statuses[2]!.body).toEqual({ error: "QUERY_LIMIT_EXCEEDED", error_description: "Too many requests" });

      const { b24 } = sdk(portal);
      const mark = portal.requests.length;
      expect(await call<string>(b24, "server.time")).toMatch(/\+03:00$/);
      const seen = portal.requests.slice(mark).map((r) => r.status);
      expect(seen).toContain(503);
      expect(seen.at(-1)).toBe(200);
    } finally {
      portal.setRateLimit(null);
    }
  });

  it("runs batch with per-command results, errors, totals, references and halt", async () => {
    const { b24, tokens } = sdk(portal);
    const viaSdk = await b24.actions.v2.batch.make({
      calls: { time: { method: "server.time" }, vat: { method: "catalog.vat.list", params: { filter: { rate: 22 } } } },
      options: { isHaltOnError: true },
    });
    expect(viaSdk.isSuccess).toBe(true);
    expect((viaSdk.getData() as any).vat.vats[0]).toMatchObject({ name: "НДС 22%", rate: 22 });

    const cmd = {
      a: "server.time",
      b: "catalog.vat.list?filter[rate]=20",
      c: "sale.cashbox.handler.update?ID=999&FIELDS[NAME]=x",
      d: "catalog.vat.list?filter[id]=$result[b][vats][0][id]",
      e: "batch?cmd[x]=server.time",
    };
    const soft = await rest(portal, "batch", { halt: 0, cmd }, tokens.accessToken);
    expect(soft.status).toBe(200);
    const r = soft.body.result;
    expect(Object.keys(r.result)).toEqual(["a", "b", "d"]);
    expect(r.result.b.vats).toHaveLength(1);
    expect(r.result.d.vats[0].name).toBe("НДС 20%");
    expect(r.result_error.c).toEqual({ error: "ERROR_HANDLER_NOT_FOUND", error_description: "Handler not found" });
    expect(r.result_error.e.error).toBe("ERROR_BATCH_METHOD_NOT_ALLOWED");
    expect(r.result_total).toEqual({ b: 1, d: 1 });
    expect(r.result_next).toEqual([]);
    expect(Object.keys(r.result_time)).toEqual(["a", "b", "c", "d", "e"]);

    const halted = await rest(portal, "batch", { halt: 1, cmd }, tokens.accessToken);
    expect(Object.keys(halted.body.result.result_time)).toEqual(["a", "b", "c"]);

    const list = await rest(portal, "batch", { cmd: ["server.time", "user.admin"] }, tokens.accessToken);
    expect(list.body.result.result).toHaveLength(2);
    expect(list.body.result.result_error).toEqual([]);

    const tooMany = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, "server.time"]));
    expect(await rest(portal, "batch", { cmd: tooMany }, tokens.accessToken)).toMatchObject({
      status: 400,
      body: { error: "ERROR_BATCH_LENGTH_EXCEEDED" },
    });
  });

  it("binds events and placements, refusing duplicates as Bitrix24 does, and serves offline events", async () => {
    const { b24 } = sdk(other);
    expect(await call(b24, "event.bind", { event: "onAppUninstall", handler: `${HANDLER_URL}/events` })).toBe(true);
    const dup = await ajaxError(call(b24, "event.bind", { event: "ONAPPUNINSTALL", handler: `${HANDLER_URL}/events` }));
    expect([dup.code, dup.message]).toEqual(["ERROR_CORE", "Unable to set event handler: Handler already binded"]);
    const local = await ajaxError(call(b24, "event.bind", { event: "ONAPPUNINSTALL", handler: "http://localhost:3000/x" }));
    expect(local.code).toBe("ERROR_WRONG_HANDLER_URL");
    expect(await call(b24, "event.get")).toEqual([{ event: "ONAPPUNINSTALL", handler: `${HANDLER_URL}/events`, auth_type: "0", offline: 0 }]);

    expect(other.pushOfflineEvent("OnPaymentEntitySaved", { FIELDS: { ID: "7" } })).toBe(false);
    expect(await call(b24, "event.bind", { event: "OnPaymentEntitySaved", event_type: "offline" })).toBe(true);
    expect(other.pushOfflineEvent("OnPaymentEntitySaved", { FIELDS: { ID: "7" } })).toBe(true);
    const offline = await call(b24, "event.offline.get", {});
    expect(offline.process_id).toBeNull();
    expect(offline.events).toHaveLength(1);
    expect(offline.events[0]).toMatchObject({ ID: "1", EVENT_NAME: "ONPAYMENTENTITYSAVED", EVENT_DATA: { FIELDS: { ID: "7" } } });
    expect((await call(b24, "event.offline.get", {})).events).toEqual([]);
    expect(await call(b24, "event.unbind", { event: "onappuninstall", handler: `${HANDLER_URL}/events` })).toEqual({ count: 1 });

    expect(await call(b24, "placement.bind", { PLACEMENT: "crm_deal_detail_tab", HANDLER: `${HANDLER_URL}/tab`, TITLE: "Чеки" })).toBe(true);
    const pdup = await ajaxError(call(b24, "placement.bind", { PLACEMENT: "CRM_DEAL_DETAIL_TAB", HANDLER: `${HANDLER_URL}/tab` }));
    expect([pdup.code, pdup.message]).toEqual(["ERROR_CORE", "Unable to set placement handler: Handler already binded"]);
    expect(await call(b24, "placement.get")).toEqual([
      { placement: "CRM_DEAL_DETAIL_TAB", userId: 0, handler: `${HANDLER_URL}/tab`, options: [], title: "Чеки", description: "", langAll: [] },
    ]);

    expect((await call(b24, "app.info")).INSTALLED).toBe(false);
    other.markInstallFinished();
    expect(await call(b24, "app.info")).toMatchObject({ CODE: "local.test", STATUS: "L", INSTALLED: true, PAYMENT_EXPIRED: "N" });

    other.failNext("app.info", { status: 500, error: "INTERNAL_SERVER_ERROR", error_description: "boom" });
    const t = other.issueTokens(1);
    expect(await rest(other, "app.info", {}, t.accessToken)).toEqual({ status: 500, body: { error: "INTERNAL_SERVER_ERROR", error_description: "boom" } });
    expect((await rest(other, "app.info", {}, t.accessToken)).status).toBe(200);
  });

  it("builds frame, install and event POSTs that parse back to the documented shapes", async () => {
    const frame = portal.frameRequest({ userId: 2, placement: "CRM_DEAL_DETAIL_TAB", placementOptions: { ID: "42" } });
    expect(frame.query.get("DOMAIN")).toBe(portal.domain);
    expect(frame.query.get("PROTOCOL")).toBe("0");
    expect(frame.query.get("LANG")).toBe("ru");
    expect(frame.query.get("APP_SID")).toMatch(/^[0-9a-f]{32}$/);
    const f = qs.parse(frame.body) as Record<string, string>;
    expect(f).toMatchObject({
      AUTH_EXPIRES: "3600",
      SERVER_ENDPOINT: `${emu.oauthUrl}/rest/`,
      member_id: portal.memberId,
      status: "L",
      PLACEMENT: "CRM_DEAL_DETAIL_TAB",
      APPLICATION_TOKEN: portal.applicationToken,
    });
    expect(JSON.parse(f.PLACEMENT_OPTIONS!)).toEqual({ ID: "42" });
    expect((await rest(portal, "user.current", {}, f.AUTH_ID)).body.result.ID).toBe("2");
    expect((await oauthRefresh(f.REFRESH_ID!)).body.user_id).toBe(2);

    const install = qs.parse(portal.installRequest().body) as Record<string, string>;
    expect(install.PLACEMENT).toBe("DEFAULT");
    expect((await rest(portal, "user.admin", {}, install.AUTH_ID)).body.result).toBe(true);

    const installBody = portal.eventBody("ONAPPINSTALL");
    expect(installBody).toContain("auth%5Baccess_token%5D=");
    const ev = qs.parse(installBody) as any;
    expect(ev.event).toBe("ONAPPINSTALL");
    expect(ev.data).toMatchObject({ VERSION: "1", ACTIVE: "Y", LANGUAGE_ID: "ru" });
    expect(ev.auth).toMatchObject({
      domain: portal.domain,
      member_id: portal.memberId,
      application_token: portal.applicationToken,
      client_endpoint: `${portal.origin}/rest/`,
      server_endpoint: `${emu.oauthUrl}/rest/`,
      expires_in: "3600",
    });
    expect(ev.auth).not.toHaveProperty("expires");
    expect((await rest(portal, "user.admin", {}, ev.auth.access_token)).body.result).toBe(true);

    const un = qs.parse(portal.eventBody("ONAPPUNINSTALL", { clean: true, applicationToken: "forged" })) as any;
    expect(un.event).toBe("ONAPPUNINSTALL");
    expect(un.data).toEqual({ LANGUAGE_ID: "ru", CLEAN: "1" });
    expect(Object.keys(un.auth).sort()).toEqual(["application_token", "client_endpoint", "domain", "member_id", "server_endpoint"]);
    expect(un.auth.application_token).toBe("forged");
    expect((qs.parse(portal.eventBody("ONAPPUNINSTALL", { clean: false })) as any).data.CLEAN).toBe("0");
  });

  it("accepts PHP bracket forms as REST params", async () => {
    const t = portal.issueTokens(1);
    const res = await fetch(`${portal.origin}/rest/catalog.vat.list`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: `auth=${t.accessToken}&filter%5B%3Erate%5D=10&order%5Brate%5D=desc&select%5B%5D=id&select%5B%5D=rate`,
    });
    expect(await res.json()).toMatchObject({ result: { vats: [{ id: 5, rate: 22 }, { id: 4, rate: 20 }] }, total: 2 });
  });
});

describe("fake ATOL v5", () => {
  let atol: FakeAtol;
  beforeAll(async () => {
    atol = await startFakeAtol({
      accounts: [ATOL_TEST_ACCOUNT, { login: "blocked", pass: "p", groupCodes: ["g"], blocked: true }],
      clockShiftMs: 60_000,
    });
  });
  afterAll(async () => {
    await atol?.close();
  });

  const post = (body: string, contentType = "application/json; charset=utf-8") =>
    fetch(`${atol.url}/getToken`, { method: "POST", headers: { "Content-Type": contentType }, body });

  it("issues a token for the sandbox credentials (POST JSON and GET)", async () => {
    expect(atol.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/possystem\/v5$/);
    const res = await post(JSON.stringify({ login: "v5-online-atol-ru", pass: "zUr0OxfI", source: "b24-cloud-kassa" }));
    expect(res.status).toBe(200);
    const body = (await res.json()) as any;
    expect(body.error).toBeNull();
    expect(body.token).toMatch(/^[0-9a-f]{64}$/);
    expect(body.timestamp).toMatch(/^\d{2}\.\d{2}\.\d{4} \d{2}:\d{2}:\d{2}$/);
    const [d, mo, y, h, mi, s] = body.timestamp.split(/[. :]/).map(Number);
    const asUtc = Date.UTC(y, mo - 1, d, h - 3, mi, s);
    expect(Math.abs(asUtc - (Date.now() + 60_000))).toBeLessThan(5000);

    const get = await fetch(`${atol.url}/getToken?login=v5-online-atol-ru&pass=zUr0OxfI`);
    expect(((await get.json()) as any).token).toMatch(/^[0-9a-f]{64}$/);
    expect(atol.tokensIssued).toBe(2);
    expect(atol.requests[0]).toMatchObject({ method: "POST", path: "/possystem/v5/getToken", body: { login: "v5-online-atol-ru" } });
  });

  it("answers wrong credentials with 401 code 12 and a blocked user with 403 code 14", async () => {
    const res = await post(JSON.stringify({ login: "v5-online-atol-ru", pass: "wrong" }));
    expect(res.status).toBe(401);
    const body = (await res.json()) as any;
    expect(body.error).toMatchObject({ code: 12, text: "Неверный логин или пароль", type: "system" });
    expect(body.error.error_id).toEqual(expect.any(String));
    expect(body.timestamp).toMatch(/^\d{2}\.\d{2}\.\d{4} \d{2}:\d{2}:\d{2}$/);
    const blocked = await post(JSON.stringify({ login: "blocked", pass: "p" }));
    expect(blocked.status).toBe(403);
    expect(((await blocked.json()) as any).error.code).toBe(14);
  });

  it("answers a non-JSON content type with 415 code 41 and malformed JSON with 400 code 40", async () => {
    const before = atol.tokensIssued;
    const form = await post("login=v5-online-atol-ru&pass=zUr0OxfI", "application/x-www-form-urlencoded");
    expect(form.status).toBe(415);
    expect(((await form.json()) as any).error.code).toBe(41);
    const broken = await post("{login:");
    expect(broken.status).toBe(400);
    expect(((await broken.json()) as any).error.code).toBe(40);
    expect(atol.tokensIssued).toBe(before);
  });
});
