import { z } from "zod";
import { userRest } from "@/lib/bitrix/portal-client";
import { encryptSecret } from "@/lib/crypto";
import { hashToken, tokenMatches } from "@/lib/crypto/tokens";
import type { Db } from "@/lib/db/client";
import { deletePortal, getPortalByMemberId, updatePortal } from "@/lib/db/queries/portals";
import { addAudit } from "@/lib/db/queries/audit";
import { eraseProfileSecrets } from "@/lib/db/queries/cashboxes";
import type { Portal } from "@/lib/db/schema";
import { env } from "@/lib/env";
import { AppError } from "@/lib/http/errors";
import { LIMITS, takeToken } from "@/lib/http/rate-limit";
import { log } from "@/lib/log";

// ONAPPINSTALL / ONAPPUNINSTALL. Bitrix24 signs nothing: the only proof is the application_token, which we keep
// as a keyed hash and compare in constant time. An uninstall that fails the check deletes nothing.

const authSchema = z.object({
  domain: z.string().min(1),
  member_id: z.string().min(1).max(64),
  application_token: z.string().min(1).max(200),
  access_token: z.string().optional(),
  refresh_token: z.string().optional(),
  expires_in: z.coerce.number().int().positive().max(86_400).optional(),
  scope: z.string().optional(),
  status: z.string().optional(),
  client_endpoint: z.string().optional(),
});

export const appEventSchema = z.object({
  event: z.string().transform((s) => s.toUpperCase()),
  data: z.record(z.string(), z.unknown()).optional().default({}),
  auth: authSchema,
});

export type AppEventResult = { handled: "installed" | "uninstalled" | "ignored"; portalId?: string };

export async function handleAppEvent(db: Db, body: Record<string, unknown>): Promise<AppEventResult> {
  const ev = appEventSchema.parse(body);
  if (!takeToken(`events:${ev.auth.member_id}`, LIMITS.events)) throw new AppError("rate_limited", "Слишком много событий");
  switch (ev.event) {
    case "ONAPPINSTALL":
      return onInstall(db, ev.auth);
    case "ONAPPUNINSTALL":
      return onUninstall(db, ev.auth, String(ev.data.CLEAN ?? "0") === "1");
    default:
      log.info("bitrix event ignored", { event: ev.event, memberId: ev.auth.member_id });
      return { handled: "ignored" };
  }
}

type EventAuth = z.infer<typeof authSchema>;

async function onInstall(db: Db, auth: EventAuth): Promise<AppEventResult> {
  const portal = await getPortalByMemberId(db, auth.member_id);
  // The install page registers a portal (with the installing admin verified on the portal itself). An event for a
  // portal we have not seen is not trusted enough to make us call a domain it names: it is acknowledged and ignored.
  if (!portal) return { handled: "ignored" };
  const secret = env().APP_SECRET;
  if (portal.applicationTokenHash && portal.status !== "uninstalled") {
    if (!tokenMatches(auth.application_token, portal.applicationTokenHash, secret)) throw new AppError("unauthorized", "application_token не совпадает");
    return { handled: "installed", portalId: portal.id };
  }
  // First time we hear the application_token: accept it only with an access token that works on the stored domain.
  if (!auth.access_token || !auth.refresh_token) throw new AppError("unauthorized", "ONAPPINSTALL без токенов");
  await userRest({ domain: portal.domain, protocol: portal.protocol }, auth.member_id, auth.access_token)
    .call("app.info")
    .catch((err) => {
      throw new AppError("unauthorized", "Битрикс24 не подтвердил токен события", { cause: err });
    });
  const saved = await updatePortal(db, portal.id, {
    applicationTokenHash: hashToken(auth.application_token, secret),
    accessTokenEnc: encryptSecret(auth.access_token),
    refreshTokenEnc: encryptSecret(auth.refresh_token),
    tokenExpires: Math.floor(Date.now() / 1000) + (auth.expires_in ?? 3600),
    scope: auth.scope ?? null,
    appStatus: auth.status ?? null,
  });
  await addAudit(db, { portalId: saved.id, action: "event.onappinstall", details: {} });
  return { handled: "installed", portalId: saved.id };
}

async function onUninstall(db: Db, auth: EventAuth, clean: boolean): Promise<AppEventResult> {
  const portal = await getPortalByMemberId(db, auth.member_id);
  if (!portal) return { handled: "ignored" };
  if (!tokenMatches(auth.application_token, portal.applicationTokenHash, env().APP_SECRET)) {
    log.warn("forged or stale ONAPPUNINSTALL refused", { portalId: portal.id });
    throw new AppError("unauthorized", "application_token не совпадает");
  }
  if (clean) {
    await deletePortal(db, portal.id); // cascades to profiles, audit, REST logs
    log.info("portal uninstalled with data removal", { portalId: portal.id });
    return { handled: "uninstalled", portalId: portal.id };
  }
  await eraseSecrets(db, portal);
  await addAudit(db, { portalId: portal.id, action: "portal.uninstalled", details: { clean } });
  log.info("portal uninstalled, settings kept", { portalId: portal.id });
  return { handled: "uninstalled", portalId: portal.id };
}

/** Drops every secret and token of one portal; non-secret settings stay for a reinstall (CLEAN=0). */
async function eraseSecrets(db: Db, portal: Portal): Promise<void> {
  await db.transaction(async (tx) => {
    await updatePortal(tx, portal.id, {
      status: "uninstalled",
      uninstalledAt: new Date(),
      applicationTokenHash: null,
      accessTokenEnc: null,
      refreshTokenEnc: null,
      tokenExpires: null,
      urlSecretEnc: null,
      urlSecretHash: null,
      handlerId: null,
    });
    await eraseProfileSecrets(tx, portal.id);
  });
}
