import { AuthOAuthManager, EnumAppStatus, type B24OAuthParams, type HandlerRefreshAuth } from "@bitrix24/b24jssdk";
import { decryptSecret, encryptSecret } from "@/lib/crypto";
import type { Db } from "@/lib/db/client";
import { lockPortal, saveTokens, updatePortal } from "@/lib/db/queries/portals";
import type { Portal } from "@/lib/db/schema";
import { env } from "@/lib/env";
import { AppError } from "@/lib/http/errors";
import { clientEndpoint, serverEndpoint } from "./endpoints";

// Bitrix24 rotates the refresh token on every use, so two instances refreshing from the same stored pair would
// leave one with a dead token (invalid_grant). Refreshes of one portal are therefore serialised by a row lock:
// the first refresher calls the OAuth server and stores the new pair; the others wait on the lock, see that the
// version moved on, and take the stored pair without calling the OAuth server.

/** A pair still valid for this long is reused instead of refreshed again. */
const REUSE_MARGIN_SEC = 60;

export function oauthParams(portal: Portal): B24OAuthParams {
  if (!portal.accessTokenEnc || !portal.refreshTokenEnc) throw new AppError("unauthorized", "Портал не авторизован: переустановите приложение");
  return {
    applicationToken: "",
    userId: portal.installedByUserId ?? 0,
    memberId: portal.memberId,
    accessToken: decryptSecret(portal.accessTokenEnc),
    refreshToken: decryptSecret(portal.refreshTokenEnc),
    expires: portal.tokenExpires ?? 0,
    expiresIn: 3600,
    scope: portal.scope ?? "",
    domain: portal.domain,
    clientEndpoint: clientEndpoint(portal),
    serverEndpoint: serverEndpoint(),
    status: (Object.values(EnumAppStatus) as string[]).includes(portal.appStatus ?? "") ? (portal.appStatus as B24OAuthParams["status"]) : EnumAppStatus.Free,
  };
}

function toHandler(p: B24OAuthParams): HandlerRefreshAuth {
  return {
    access_token: p.accessToken,
    refresh_token: p.refreshToken,
    expires: String(p.expires),
    expires_in: String(p.expiresIn),
    client_endpoint: p.clientEndpoint,
    server_endpoint: p.serverEndpoint,
    member_id: p.memberId,
    scope: p.scope,
    status: p.status,
    domain: p.domain,
  } as unknown as HandlerRefreshAuth;
}

export interface RefreshResult {
  auth: HandlerRefreshAuth;
  version: number;
}

/**
 * Returns a fresh token pair for the portal. `seenVersion` is the token version the caller was using;
 * if the stored version differs and the stored token is still valid, another instance already refreshed.
 */
export async function refreshPortalTokens(db: Db, portalId: string, seenVersion: number): Promise<RefreshResult> {
  const outcome = await db.transaction(async (tx): Promise<RefreshResult | { failed: unknown }> => {
    const portal = await lockPortal(tx, portalId);
    if (!portal) throw new AppError("not_found", "Портал не найден");
    const stored = oauthParams(portal);
    const now = Math.floor(Date.now() / 1000);
    if (portal.tokenVersion !== seenVersion && stored.expires > now + REUSE_MARGIN_SEC) {
      return { auth: toHandler(stored), version: portal.tokenVersion };
    }
    let rotated: B24OAuthParams | undefined;
    const manager = new AuthOAuthManager(stored, { clientId: env().B24_CLIENT_ID, clientSecret: env().B24_CLIENT_SECRET });
    manager.setCallbackRefreshAuth(async ({ b24OAuthParams }) => {
      rotated = { ...b24OAuthParams };
    });
    try {
      await manager.refreshAuth();
    } catch (err) {
      return { failed: err };
    }
    if (!rotated) return { failed: new Error("no tokens in the refresh answer") };
    rotated.clientEndpoint = clientEndpoint(portal); // keep our normalised endpoint, not the one with a trailing slash
    rotated.serverEndpoint = serverEndpoint();
    const saved = await saveTokens(tx, portalId, {
      accessTokenEnc: encryptSecret(rotated.accessToken),
      refreshTokenEnc: encryptSecret(rotated.refreshToken),
      tokenExpires: rotated.expires,
      scope: rotated.scope,
      appStatus: rotated.status,
    });
    return { auth: toHandler(rotated), version: saved.tokenVersion };
  });
  if ("failed" in outcome) {
    // Recorded after the transaction so the note survives; it holds the error text only, never token material.
    const reason = outcome.failed instanceof Error ? outcome.failed.message.slice(0, 300) : "refresh failed";
    await updatePortal(db, portalId, { lastAuthError: reason });
    throw new AppError("unauthorized", "Не удалось обновить доступ к порталу: переустановите приложение", { cause: outcome.failed });
  }
  return outcome;
}
