import { beforeAll, describe, expect, it } from "vitest";
import { GET as me } from "@/app/api/me/route";
import { updatePortalSettings } from "@/lib/db/queries/portal-settings";
import { getPortalByMemberId } from "@/lib/db/queries/portals";
import { useTestDb } from "../helpers/db";
import { asUser, install, openApp, params, useEmulator } from "../helpers/app";

const t = useTestDb();
const env = useEmulator({ portals: 2 });

describe("POST /api/bitrix/app (frame entry)", () => {
  beforeAll(async () => {
    await install(env.emu.portals[0]!);
    await install(env.emu.portals[1]!);
  });

  it("signs the admin in with an iframe cookie and a bearer, then 303s to the guided setup (no cashbox yet)", async () => {
    const s = await openApp(env.emu.portals[0]!);
    expect(s.res.status).toBe(303);
    expect(s.location).toMatch(/^\/setup#token=/);
    const setCookie = s.res.headers.get("set-cookie")!;
    expect(setCookie).toMatch(/^__Secure-next-auth\.session-token=/);
    for (const attr of ["HttpOnly", "Secure", "SameSite=None", "Partitioned"]) expect(setCookie).toContain(attr);

    for (const via of ["cookie", "bearer"] as const) {
      const res = await me(asUser(s, via).request("/api/me"), params({}));
      expect(res.status).toBe(200);
      const body = await res.json();
      expect(body.user).toMatchObject({ id: 1, isAdmin: true });
      expect(body.portal.domain).toBe(env.emu.portals[0]!.domain);
    }
  });

  it("knows a non-admin as a reader", async () => {
    const s = await openApp(env.emu.portals[0]!, { userId: 2 });
    const body = await (await me(asUser(s).request("/api/me"), params({}))).json();
    expect(body.user).toMatchObject({ id: 2, isAdmin: false });
  });

  it("opens the support console for a user the admin named as support, and settings for other readers", async () => {
    const portal = (await getPortalByMemberId(t.db, env.emu.portals[0]!.memberId))!;
    expect((await openApp(env.emu.portals[0]!, { userId: 2 })).location).toMatch(/^\/settings#token=/);
    await updatePortalSettings(t.db, portal.id, { supportUserIds: [2] });
    try {
      const s = await openApp(env.emu.portals[0]!, { userId: 2 });
      expect(s.location).toMatch(/^\/support#token=/);
      expect((await (await me(asUser(s).request("/api/me"), params({}))).json()).user).toMatchObject({ isAdmin: false, isSupport: true });
    } finally {
      await updatePortalSettings(t.db, portal.id, { supportUserIds: [] });
    }
  });

  it("opens the deal view from the deal-card tab", async () => {
    const s = await openApp(env.emu.portals[0]!, { placement: "CRM_DEAL_DETAIL_TAB", placementOptions: { ID: "42" } });
    expect(s.location).toMatch(/^\/deal\/42#token=/);
  });

  it.each([
    ["a wrong APPLICATION_TOKEN", { applicationToken: "wrong" }],
    ["a DOMAIN that differs from the stored one", { domainOverride: "evil.bitrix24.ru" }],
  ])("answers 401 to %s", async (_, opts) => {
    const s = await openApp(env.emu.portals[0]!, opts);
    expect(s.res.status).toBe(401);
    expect(s.res.headers.get("set-cookie")).toBeNull();
    expect(await s.res.text()).toContain("Вход не подтверждён");
  });

  it("answers 401 to an unknown member_id", async () => {
    const portal = env.emu.portals[0]!;
    const req = portal.frameRequest();
    const body = new URLSearchParams(req.body);
    body.set("member_id", "not-installed");
    const { POST } = await import("@/app/api/bitrix/app/route");
    const res = await POST(new Request(`http://app.test/api/bitrix/app?${req.query}`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: body.toString() }));
    expect(res.status).toBe(401);
  });

  it("answers 401 to an AUTH_ID the portal did not issue", async () => {
    const portal = env.emu.portals[0]!;
    const req = portal.frameRequest();
    const body = new URLSearchParams(req.body);
    body.set("AUTH_ID", "made-up");
    const { POST } = await import("@/app/api/bitrix/app/route");
    const res = await POST(new Request(`http://app.test/api/bitrix/app?${req.query}`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: body.toString() }));
    expect(res.status).toBe(401);
  });

  it("does not accept another portal's APPLICATION_TOKEN", async () => {
    const [a, b] = env.emu.portals;
    const s = await openApp(a!, { applicationToken: b!.applicationToken });
    expect(s.res.status).toBe(401);
  });

  it("rejects forged or missing sessions on the JSON API", async () => {
    expect((await me(new Request("http://app.test/api/me"), params({}))).status).toBe(401);
    const forged = new Request("http://app.test/api/me", { headers: { authorization: "Bearer eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0.x.y.z.w" } });
    expect((await me(forged, params({}))).status).toBe(401);
  });

  // Last in the file: it exhausts this user's API bucket.
  it("rate-limits one user's API calls instead of letting them starve the portal", async () => {
    const s = await openApp(env.emu.portals[1]!);
    const statuses = await Promise.all(Array.from({ length: 160 }, async () => (await me(asUser(s).request("/api/me"), params({}))).status));
    expect(statuses.filter((x) => x === 200).length).toBeGreaterThanOrEqual(100);
    expect(statuses).toContain(429);
    // Another user of the same portal is not affected.
    const other = await openApp(env.emu.portals[1]!, { userId: 2 });
    expect((await me(asUser(other).request("/api/me"), params({}))).status).toBe(200);
  });
});
