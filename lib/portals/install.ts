import { z } from "zod";
import { parsePortalAddress } from "@/lib/bitrix/endpoints";
import { portalRest, userRest } from "@/lib/bitrix/portal-client";
import { zoneFromServerTime } from "@/lib/bitrix/portal-zone";
import { ensureCashboxHandler, ensureEvents, ensurePlacements } from "@/lib/bitrix/registration";
import { encryptSecret, decryptSecret } from "@/lib/crypto";
import { hashToken, randomToken } from "@/lib/crypto/tokens";
import type { Db } from "@/lib/db/client";
import { getPortalByMemberId, insertPortal, updatePortal } from "@/lib/db/queries/portals";
import { addAudit } from "@/lib/db/queries/audit";
import type { Portal } from "@/lib/db/schema";
import { env } from "@/lib/env";
import { AppError } from "@/lib/http/errors";
import { log } from "@/lib/log";
import { appUrls } from "./urls";

export const installFormSchema = z.object({
  AUTH_ID: z.string().min(1),
  AUTH_EXPIRES: z.coerce.number().int().positive().max(86_400).default(3600),
  REFRESH_ID: z.string().min(1),
  member_id: z.string().min(1).max(64),
  APPLICATION_TOKEN: z.string().min(1).max(200).optional(),
  status: z.string().max(2).optional(),
});

export interface InstallParams {
  query: URLSearchParams;
  form: Record<string, unknown>;
}

interface BitrixUser {
  ID: string;
  NAME?: string;
  LAST_NAME?: string;
  EMAIL?: string;
}

/**
 * The install page: Bitrix24 opens it in a frame with the installing admin's tokens. We verify the tokens on the
 * portal itself, store the portal, and register handler, events and placement (each idempotent).
 */
export async function installPortal(db: Db, params: InstallParams): Promise<Portal> {
  const address = parsePortalAddress(params.query.get("DOMAIN"), params.query.get("PROTOCOL"));
  const form = installFormSchema.parse(params.form);

  // The token must work on the portal it claims to come from; the admin check also guards handler.add.
  const asUser = userRest(address, form.member_id, form.AUTH_ID);
  const [me, isAdmin] = await Promise.all([asUser.call<BitrixUser>("user.current"), asUser.call<boolean>("user.admin")]).catch((err) => {
    throw new AppError("unauthorized", "Битрикс24 не подтвердил авторизацию установки", { cause: err });
  });
  if (!isAdmin) throw new AppError("forbidden", "Установить приложение может только администратор портала");

  const existing = await getPortalByMemberId(db, form.member_id);
  if (existing && existing.status !== "uninstalled" && existing.domain !== address.domain) {
    // A member_id is one portal; a different host claiming it is refused rather than allowed to take it over.
    throw new AppError("conflict", "Этот портал уже установлен с другим адресом. Удалите приложение и установите заново.");
  }
  const urlSecret = existing?.urlSecretEnc ? decryptSecret(existing.urlSecretEnc) : randomToken();
  const appSecret = env().APP_SECRET;
  const fields = {
    memberId: form.member_id,
    domain: address.domain,
    protocol: address.protocol,
    status: "installing" as const,
    applicationTokenHash: form.APPLICATION_TOKEN ? hashToken(form.APPLICATION_TOKEN, appSecret) : (existing?.applicationTokenHash ?? null),
    accessTokenEnc: encryptSecret(form.AUTH_ID),
    refreshTokenEnc: encryptSecret(form.REFRESH_ID),
    tokenExpires: Math.floor(Date.now() / 1000) + form.AUTH_EXPIRES,
    appStatus: form.status ?? null,
    installedByUserId: Number(me.ID),
    adminEmail: me.EMAIL?.trim().toLowerCase() || null,
    urlSecretEnc: encryptSecret(urlSecret),
    urlSecretHash: hashToken(urlSecret, appSecret),
    lang: params.query.get("LANG") === "en" ? "en" : "ru",
    uninstalledAt: null,
    lastAuthError: null,
  };
  let portal = existing ? await updatePortal(db, existing.id, fields) : await insertPortal(db, fields);

  const rest = portalRest(db, portal);
  const handlerId = await ensureCashboxHandler(rest, {
    code: env().B24_HANDLER_CODE,
    name: "Облачная касса (АТОЛ Онлайн, Эвотор, Orange Data)",
    printUrl: appUrls.print(portal.id, urlSecret),
    checkUrl: appUrls.check(portal.id, urlSecret),
  });
  const eventsAdded = await ensureEvents(rest, appUrls.events());
  const placementsAdded = await ensurePlacements(rest, appUrls.frame());

  const timezone = zoneFromServerTime(await rest.call<string>("server.time").catch(() => null));
  portal = await updatePortal(db, portal.id, { handlerId, timezone, status: "installed", installedAt: existing?.installedAt ?? new Date() });
  await addAudit(db, {
    portalId: portal.id,
    userId: Number(me.ID),
    action: existing ? "portal.reinstalled" : "portal.installed",
    details: { handlerId, eventsAdded, placementsAdded, domain: address.domain },
  });
  log.info("portal installed", { portalId: portal.id, domain: portal.domain, handlerId, eventsAdded, placementsAdded });
  return portal;
}
