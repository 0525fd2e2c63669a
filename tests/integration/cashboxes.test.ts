import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as vatRoute } from "@/app/api/bitrix/vat/route";
import { DELETE as deleteRoute, GET as getRoute, PATCH as patchRoute } from "@/app/api/cashboxes/[id]/route";
import { POST as testRoute } from "@/app/api/cashboxes/[id]/test/route";
import { GET as listRoute, POST as createRoute } from "@/app/api/cashboxes/route";
import { resetEnvCache } from "@/lib/env";
import { startFakeAtol } from "../fakes/fake-atol";
import { asUser, install, openApp, params, useEmulator, type SignedIn } from "../helpers/app";
import { captureLogs } from "../helpers/capture-logs";
import { useTestDb } from "../helpers/db";
import { validCashbox } from "../helpers/fixtures";

useTestDb();
const env = useEmulator({ portals: 2 });
const logs = captureLogs();
const PASSWORD = "zUr0OxfI";
const responses: string[] = [];

let atol: Awaited<ReturnType<typeof startFakeAtol>>;
let admin: SignedIn;
let reader: SignedIn;
let otherAdmin: SignedIn;

async function call(route: (req: Request, ctx: never) => Promise<Response>, req: Request, p: object = {}) {
  const res = await route(req, params(p) as never);
  responses.push(await res.clone().text());
  return res;
}

beforeAll(async () => {
  atol = await startFakeAtol();
  process.env.ATOL_BASE_URL = atol.url;
  resetEnvCache();
  await install(env.emu.portals[0]!);
  await install(env.emu.portals[1]!);
  admin = await openApp(env.emu.portals[0]!);
  reader = await openApp(env.emu.portals[0]!, { userId: 2 });
  otherAdmin = await openApp(env.emu.portals[1]!);
});

afterAll(async () => {
  delete process.env.ATOL_BASE_URL;
  resetEnvCache();
  await atol?.close();
});

describe("cashbox settings API", () => {
  let id: string;

  it("creates a profile and an active Bitrix24 cashbox of our handler, with the VAT map pre-filled from the catalog", async () => {
    const res = await call(createRoute, asUser(admin).request("/api/cashboxes", { json: validCashbox() }));
    expect(res.status).toBe(201);
    const { item } = await res.json();
    id = item.id;
    expect(item.credentials).toEqual({ login: "v5-online-atol-ru", groupCode: "v5-online-atol-ru_5179", passwordSet: true });
    expect(item.bitrix.status).toBe("synced");

    const portal = env.emu.portals[0]!;
    const cashbox = portal.cashboxes.find((c) => Number(c.ID) === item.bitrix.cashboxId);
    expect(cashbox).toBeTruthy();
    expect(cashbox.ACTIVE).toBe("Y");
    expect(cashbox.REST_CODE ?? cashbox.SETTINGS?.REST?.REST_CODE).toBe(portal.handlers[0].CODE);
    expect(cashbox.SETTINGS.REST.REST_CODE).toBe(portal.handlers[0].CODE);
    expect(cashbox.SETTINGS.PROFILE.PROFILE_ID).toBe(id);

    const catalogIds = portal.vats.map((v) => String(v.ID ?? v.id)).sort();
    expect(Object.keys(item.vatMap).sort()).toEqual(catalogIds);
    expect(Object.values(item.vatMap)).toContain("vat22");
  });

  it("lists the portal's catalog VAT ids with suggestions", async () => {
    const res = await call(vatRoute, asUser(admin).request("/api/bitrix/vat"));
    const { items } = await res.json();
    expect(items.find((v: { rate: number | null }) => v.rate === 22)?.suggested).toBe("vat22");
    expect(items.find((v: { rate: number | null }) => v.rate === null)?.suggested).toBe("none");
  });

  it("returns field errors for a bad INN checksum and a missing group code", async () => {
    const body = validCashbox({
      credentials: { login: "l", password: "p" },
      company: { ...validCashbox().company, inn: "5544332210" },
    });
    const res = await call(createRoute, asUser(admin).request("/api/cashboxes", { json: body }));
    expect(res.status).toBe(422);
    const { error } = await res.json();
    expect(error.fields["company.inn"]).toBe("Неверная контрольная сумма ИНН");
    expect(error.fields["credentials.groupCode"]).toBe("Укажите код группы");
  });

  it("refuses an oversized JSON body with 413 before parsing it", async () => {
    const big = JSON.stringify({ ...validCashbox(), name: "x".repeat(200 * 1024) });
    const req = new Request("http://app.test/api/cashboxes", { method: "POST", headers: { cookie: admin.cookie, "content-type": "application/json" }, body: big });
    expect((await call(createRoute, req)).status).toBe(413);
  });

  it("answers malformed JSON with 400", async () => {
    const req = new Request("http://app.test/api/cashboxes", { method: "POST", headers: { cookie: admin.cookie, "content-type": "application/json" }, body: "{" });
    expect((await call(createRoute, req)).status).toBe(400);
  });

  it("gives a non-admin 403 on every write and lets them read", async () => {
    const u = asUser(reader);
    expect((await call(createRoute, u.request("/api/cashboxes", { json: validCashbox() }))).status).toBe(403);
    expect((await call(patchRoute, u.request(`/api/cashboxes/${id}`, { method: "PATCH", json: { name: "x" } }), { id })).status).toBe(403);
    expect((await call(deleteRoute, u.request(`/api/cashboxes/${id}`, { method: "DELETE" }), { id })).status).toBe(403);
    expect((await call(testRoute, u.request(`/api/cashboxes/${id}/test`, { method: "POST" }), { id })).status).toBe(403);
    const list = await call(listRoute, u.request("/api/cashboxes"));
    expect(list.status).toBe(200);
    expect((await list.json()).items).toHaveLength(1);
  });

  it("«Проверить подключение» reports success against ATOL", async () => {
    const res = await call(testRoute, asUser(admin).request(`/api/cashboxes/${id}/test`, { method: "POST" }), { id });
    expect(await res.json()).toMatchObject({ ok: true });
    expect(atol.tokensIssued).toBeGreaterThan(0);
  });

  it("keeps the stored password when an edit leaves it empty, and keeps the cashbox linked to our handler", async () => {
    const res = await call(patchRoute, asUser(admin).request(`/api/cashboxes/${id}`, { method: "PATCH", json: { name: "Касса на сайте", credentials: { login: "v5-online-atol-ru" } } }), { id });
    expect(res.status).toBe(200);
    const portal = env.emu.portals[0]!;
    const cashbox = portal.cashboxes.find((c) => c.SETTINGS?.PROFILE?.PROFILE_ID === id);
    expect(cashbox.NAME).toBe("Касса на сайте");
    expect(cashbox.SETTINGS.REST.REST_CODE).toBe(portal.handlers[0].CODE);
    const test = await call(testRoute, asUser(admin).request(`/api/cashboxes/${id}/test`, { method: "POST" }), { id });
    expect(await test.json()).toMatchObject({ ok: true });
  });

  it("says «Неверный логин или пароль» for ATOL error 12", async () => {
    await call(patchRoute, asUser(admin).request(`/api/cashboxes/${id}`, { method: "PATCH", json: { credentials: { password: "wrong-password" } } }), { id });
    const res = await call(testRoute, asUser(admin).request(`/api/cashboxes/${id}/test`, { method: "POST" }), { id });
    expect(await res.json()).toEqual({ ok: false, message: "Неверный логин или пароль" });
    await call(patchRoute, asUser(admin).request(`/api/cashboxes/${id}`, { method: "PATCH", json: { credentials: { password: PASSWORD } } }), { id });
  });

  it("hides one portal's cashboxes from another portal's users", async () => {
    const u = asUser(otherAdmin);
    expect((await (await call(listRoute, u.request("/api/cashboxes"))).json()).items).toEqual([]);
    expect((await call(getRoute, u.request(`/api/cashboxes/${id}`), { id })).status).toBe(404);
    expect((await call(patchRoute, u.request(`/api/cashboxes/${id}`, { method: "PATCH", json: { name: "hijack" } }), { id })).status).toBe(404);
    expect((await call(deleteRoute, u.request(`/api/cashboxes/${id}`, { method: "DELETE" }), { id })).status).toBe(404);
    expect((await call(testRoute, u.request(`/api/cashboxes/${id}/test`, { method: "POST" }), { id })).status).toBe(404);
  });

  it("never lets a secret reach an API response, a log line or Bitrix24", async () => {
    const portals = env.emu.portals;
    const toBitrix = portals.flatMap((p) => p.requests.map((r) => r.rawBody + r.rawQuery)).join("\n");
    expect(toBitrix).not.toContain(PASSWORD);
    expect(toBitrix).not.toContain("wrong-password");
    const seen = [...responses, ...logs.lines].join("\n");
    for (const secret of [PASSWORD, "wrong-password", ...portals.map((p) => p.applicationToken)]) expect(seen).not.toContain(secret);
    expect(responses.length).toBeGreaterThan(10);
  });

  it("deletes the profile and its Bitrix24 cashbox", async () => {
    const res = await call(deleteRoute, asUser(admin).request(`/api/cashboxes/${id}`, { method: "DELETE" }), { id });
    expect(res.status).toBe(200);
    expect(env.emu.portals[0]!.cashboxes.filter((c) => c.SETTINGS?.PROFILE?.PROFILE_ID === id)).toEqual([]);
    expect((await (await call(listRoute, asUser(admin).request("/api/cashboxes"))).json()).items).toEqual([]);
  });
});
