import { describe, expect, it } from "vitest";
import { portalRest } from "@/lib/bitrix/portal-client";
import { decryptSecret } from "@/lib/crypto";
import { getPortalByMemberId } from "@/lib/db/queries/portals";
import { useTestDb } from "../helpers/db";
import { install, useEmulator } from "../helpers/app";

const t = useTestDb();
// The OAuth server answers slowly so that all ten requests meet the expired token before the first refresh ends.
const env = useEmulator({ portals: 1, oauthDelayMs: 150 });

describe("portal token refresh", () => {
  it("ten concurrent requests with an expired token cause exactly one refresh, and the rotated token is stored", async () => {
    const portal = env.emu.portals[0]!;
    await install(portal);
    const stored = await getPortalByMemberId(t.db, portal.memberId);
    portal.expireAccessTokens();
    const refreshesBefore = env.emu.refreshCount(portal);

    // One client per request, built from the same stored row: what ten serverless instances would do.
    const results = await Promise.all(Array.from({ length: 10 }, () => portalRest(t.db, stored!).call<string>("server.time")));
    expect(results.every((r) => typeof r === "string" && r.length > 0)).toBe(true);
    expect(env.emu.refreshCount(portal) - refreshesBefore).toBe(1);

    const after = await getPortalByMemberId(t.db, portal.memberId);
    expect(after!.tokenVersion).toBe(stored!.tokenVersion + 1);
    expect(decryptSecret(after!.refreshTokenEnc!)).not.toBe(decryptSecret(stored!.refreshTokenEnc!));

    // The stored refresh token is the live one: expire again and a fresh client refreshes with it successfully.
    portal.expireAccessTokens();
    await expect(portalRest(t.db, after!).call("server.time")).resolves.toBeTruthy();
    expect(env.emu.refreshCount(portal) - refreshesBefore).toBe(2);
  });

  it("a dead refresh token surfaces as a clear error, not a hang", async () => {
    const portal = env.emu.portals[0]!;
    const stored = await getPortalByMemberId(t.db, portal.memberId);
    // Use the stored refresh token once behind the app's back: Bitrix24 then refuses it (rotation).
    const refresh = decryptSecret(stored!.refreshTokenEnc!);
    const res = await fetch(`${env.emu.oauthUrl}/oauth/token/?grant_type=refresh_token&client_id=local.test&client_secret=test-secret&refresh_token=${refresh}`);
    expect(res.status).toBe(200);
    portal.expireAccessTokens();
    await expect(portalRest(t.db, stored!).call("server.time")).rejects.toMatchObject({ code: "unauthorized" });
    expect((await getPortalByMemberId(t.db, portal.memberId))!.lastAuthError).toBeTruthy();
  });
});
