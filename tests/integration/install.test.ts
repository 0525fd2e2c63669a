import { describe, expect, it } from "vitest";
import { getPortalByMemberId } from "@/lib/db/queries/portals";
import { useTestDb } from "../helpers/db";
import { APP, install, useEmulator } from "../helpers/app";

const t = useTestDb();
const env = useEmulator({ portals: 2 });

const registrationCalls = (methods: string[]) =>
  methods.filter((m) => /^(sale\.cashbox\.handler\.(add|update)|event\.bind|placement\.bind)$/.test(m));

describe("POST /api/bitrix/install", () => {
  it("registers one handler, one binding per event, the deal tab and list-menu placements once, and finishes", async () => {
    const portal = env.emu.portals[0]!;
    const res = await install(portal);
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/install?status=ok");

    expect(portal.handlers).toHaveLength(1);
    const handler = portal.handlers[0];
    expect(handler.CODE).toBe("b24_cloud_kassa");
    expect(handler.SETTINGS.SUPPORTS_FFD105).toBe("Y");
    expect(handler.SETTINGS.HTTP_VERSION).toBe("1.1");
    const stored = await getPortalByMemberId(t.db, portal.memberId);
    expect(stored?.status).toBe("installed");
    expect(handler.SETTINGS.PRINT_URL).toMatch(new RegExp(`^${APP}/api/cashbox/${stored!.id}/[\\w-]{20,}/print$`));
    expect(handler.SETTINGS.CHECK_URL).toBe(handler.SETTINGS.PRINT_URL.replace(/print$/, "check"));
    // The CONFIG form holds no credential fields.
    expect(JSON.stringify(handler.SETTINGS.CONFIG)).not.toMatch(/PASS|LOGIN|TOKEN/i);

    // Emulator rows mirror Bitrix24's own tables (EVENT_NAME, EVENT_HANDLER, offline).
    const events = portal.eventBindings.map((b) => `${b.EVENT_NAME}:${b.offline ? "offline" : b.EVENT_HANDLER}`).sort();
    expect(events).toEqual([
      `ONAPPINSTALL:${APP}/api/bitrix/events`,
      `ONAPPUNINSTALL:${APP}/api/bitrix/events`,
      "ONPAYMENTENTITYSAVED:offline",
      "ONSALEORDERSAVED:offline",
    ]);
    expect(portal.placements.map((p) => [p.PLACEMENT, p.PLACEMENT_HANDLER])).toEqual([
      ["CRM_DEAL_DETAIL_TAB", `${APP}/api/bitrix/app`],
      ["CRM_DEAL_LIST_MENU", `${APP}/api/bitrix/app`],
    ]);
    expect(stored?.handlerId).toBe(Number(handler.ID));
  });

  it("changes nothing on a second install", async () => {
    const portal = env.emu.portals[0]!;
    const before = { handlers: JSON.stringify(portal.handlers), events: portal.eventBindings.length, placements: portal.placements.length };
    const from = portal.requests.length;
    const res = await install(portal);
    expect(res.headers.get("location")).toBe("/install?status=ok");
    expect(JSON.stringify(portal.handlers)).toBe(before.handlers);
    expect(portal.eventBindings).toHaveLength(before.events);
    expect(portal.placements).toHaveLength(before.placements);
    expect(registrationCalls(portal.requests.slice(from).map((r) => r.method))).toEqual([]);
  });

  it("repairs a handler whose URLs drifted without adding a second one", async () => {
    const portal = env.emu.portals[0]!;
    const good = portal.handlers[0].SETTINGS.PRINT_URL;
    portal.handlers[0].SETTINGS.PRINT_URL = "https://old.example/print";
    portal.handlers[0].SETTINGS.SUPPORTS_FFD105 = "N";
    await install(portal);
    expect(portal.handlers).toHaveLength(1);
    expect(portal.handlers[0].SETTINGS.PRINT_URL).toBe(good);
    expect(portal.handlers[0].SETTINGS.SUPPORTS_FFD105).toBe("Y");
    expect(portal.handlers[0].SETTINGS.CONFIG).toBeTruthy();
  });

  it("refuses a non-admin and registers nothing", async () => {
    const portal = env.emu.portals[1]!;
    const res = await install(portal, 2);
    expect(res.status).toBe(303);
    expect(decodeURIComponent(res.headers.get("location")!)).toContain("только администратор");
    expect(portal.handlers).toHaveLength(0);
    expect(await getPortalByMemberId(t.db, portal.memberId)).toBeUndefined();
  });

  it("refuses tokens the portal did not issue", async () => {
    const portal = env.emu.portals[1]!;
    const req = portal.installRequest();
    const body = new URLSearchParams(req.body);
    body.set("AUTH_ID", "forged-token");
    const { POST } = await import("@/app/api/bitrix/install/route");
    const res = await POST(new Request(`${APP}/api/bitrix/install?${req.query}`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: body.toString() }));
    expect(res.headers.get("location")).toContain("status=error");
    expect(await getPortalByMemberId(t.db, portal.memberId)).toBeUndefined();
  });
});
