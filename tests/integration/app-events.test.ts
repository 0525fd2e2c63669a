import { beforeAll, describe, expect, it } from "vitest";
import { decryptSecret } from "@/lib/crypto";
import { listProfiles } from "@/lib/db/queries/cashboxes";
import { getPortalByMemberId } from "@/lib/db/queries/portals";
import { GET as listCashboxesRoute, POST as createCashboxRoute } from "@/app/api/cashboxes/route";
import { useTestDb } from "../helpers/db";
import { asUser, install, openApp, params, sendEvent, useEmulator, type SignedIn } from "../helpers/app";
import { validCashbox } from "../helpers/fixtures";

const t = useTestDb();
const env = useEmulator({ portals: 3 });

const sessions: SignedIn[] = [];

async function installWithProfile(i: number) {
  const portal = env.emu.portals[i]!;
  await install(portal);
  const admin = await openApp(portal);
  sessions[i] = admin;
  const res = await createCashboxRoute(asUser(admin).request("/api/cashboxes", { json: validCashbox() }), params({}));
  expect(res.status).toBe(201);
}

describe("POST /api/bitrix/events", () => {
  beforeAll(async () => {
    await installWithProfile(0);
    await installWithProfile(1);
    await installWithProfile(2);
  });

  it("refuses a forged ONAPPUNINSTALL and deletes nothing", async () => {
    const portal = env.emu.portals[0]!;
    const res = await sendEvent(portal.eventBody("ONAPPUNINSTALL", { applicationToken: "forged", clean: true }));
    expect(res.status).toBe(401);
    const stored = await getPortalByMemberId(t.db, portal.memberId);
    expect(stored?.status).toBe("installed");
    expect(stored?.refreshTokenEnc).toBeTruthy();
    expect((await listProfiles(t.db, stored!.id))[0]?.credentialsEnc).toBeTruthy();
  });

  it("accepts a genuine ONAPPINSTALL and refuses one with a wrong token", async () => {
    const portal = env.emu.portals[0]!;
    expect((await sendEvent(portal.eventBody("ONAPPINSTALL"))).status).toBe(200);
    expect((await sendEvent(portal.eventBody("ONAPPINSTALL", { applicationToken: "other" }))).status).toBe(401);
  });

  it("answers 200 and does nothing for a portal it does not know", async () => {
    const portal = env.emu.portals[0]!;
    const body = portal.eventBody("ONAPPUNINSTALL").replace(encodeURIComponent(portal.memberId), "unknown-member");
    const res = await sendEvent(body);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ handled: "ignored" });
  });

  it("rejects malformed event bodies with 4xx, never 500", async () => {
    for (const body of ["", "event=ONAPPUNINSTALL", "event=ONAPPUNINSTALL&auth=1", "%%%"]) {
      const res = await sendEvent(body);
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
    }
  });

  it("a genuine ONAPPUNINSTALL (CLEAN=0) erases that portal's secrets and touches no other portal", async () => {
    const [a, b] = env.emu.portals;
    const res = await sendEvent(a!.eventBody("ONAPPUNINSTALL", { clean: false }));
    expect(res.status).toBe(200);
    const storedA = await getPortalByMemberId(t.db, a!.memberId);
    expect(storedA?.status).toBe("uninstalled");
    expect([storedA?.accessTokenEnc, storedA?.refreshTokenEnc, storedA?.applicationTokenHash, storedA?.urlSecretEnc]).toEqual([null, null, null, null]);
    const profilesA = await listProfiles(t.db, storedA!.id);
    expect(profilesA).toHaveLength(1); // settings kept for a reinstall
    expect(profilesA[0]!.credentialsEnc).toBeNull();

    // Sessions of the uninstalled portal end with it; the other portal's sessions go on.
    expect((await listCashboxesRoute(asUser(sessions[0]!).request("/api/cashboxes"), params({}))).status).toBe(401);
    expect((await listCashboxesRoute(asUser(sessions[1]!).request("/api/cashboxes"), params({}))).status).toBe(200);

    const storedB = await getPortalByMemberId(t.db, b!.memberId);
    expect(storedB?.status).toBe("installed");
    expect(decryptSecret(storedB!.refreshTokenEnc!)).toBeTruthy();
    expect((await listProfiles(t.db, storedB!.id))[0]!.credentialsEnc).toBeTruthy();
  });

  it("CLEAN=1 removes that portal's data and nothing of another portal", async () => {
    const [, b, c] = env.emu.portals;
    const res = await sendEvent(b!.eventBody("ONAPPUNINSTALL", { clean: true }));
    expect(res.status).toBe(200);
    expect(await getPortalByMemberId(t.db, b!.memberId)).toBeUndefined();
    const storedC = await getPortalByMemberId(t.db, c!.memberId);
    expect(storedC?.status).toBe("installed");
    expect(await listProfiles(t.db, storedC!.id)).toHaveLength(1);
  });

  it("a replayed uninstall after the token was erased is refused", async () => {
    const a = env.emu.portals[0]!;
    expect((await sendEvent(a.eventBody("ONAPPUNINSTALL", { clean: true }))).status).toBe(401);
    expect(await getPortalByMemberId(t.db, a.memberId)).toBeTruthy();
  });
});
