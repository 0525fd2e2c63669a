import { z } from "zod";
import type { SessionUser } from "@/lib/auth/session";
import { userRest } from "@/lib/bitrix/portal-client";
import { tokenMatches } from "@/lib/crypto/tokens";
import type { Db } from "@/lib/db/client";
import { listProfiles } from "@/lib/db/queries/cashboxes";
import { getPortalByMemberId } from "@/lib/db/queries/portals";
import { env } from "@/lib/env";
import { AppError } from "@/lib/http/errors";
import { LIMITS, takeToken } from "@/lib/http/rate-limit";
import { consoleRole } from "@/lib/support/access";

// Bitrix24 opens the app and its placements with a form POST into the iframe. We trust nothing posted as-is:
// the portal must be installed, APPLICATION_TOKEN must match, DOMAIN must be the stored one, and the user is
// learned from the portal itself (user.current on the stored domain).

export const frameFormSchema = z.object({
  AUTH_ID: z.string().min(1).max(200),
  member_id: z.string().min(1).max(64),
  APPLICATION_TOKEN: z.string().min(1).max(200),
  PLACEMENT: z.string().max(64).default("DEFAULT"),
  PLACEMENT_OPTIONS: z.string().max(4000).optional(),
});

interface BitrixUser {
  ID: string;
  NAME?: string;
  LAST_NAME?: string;
  EMAIL?: string;
}

export interface FrameEntry {
  user: SessionUser;
  /** The page to open for the placement. */
  path: string;
}

const denied = () => new AppError("unauthorized", "Не удалось подтвердить вход из Битрикс24. Откройте приложение заново.");

export async function verifyFrameEntry(db: Db, params: { query: URLSearchParams; form: Record<string, unknown> }): Promise<FrameEntry> {
  const parsed = frameFormSchema.safeParse(params.form);
  if (!parsed.success) throw denied();
  const form = parsed.data;
  if (!takeToken(`frame:${form.member_id}`, LIMITS.frame)) throw new AppError("rate_limited", "Слишком много входов подряд — подождите минуту");
  const portal = await getPortalByMemberId(db, form.member_id);
  if (!portal || portal.status !== "installed") throw denied();
  if (!tokenMatches(form.APPLICATION_TOKEN, portal.applicationTokenHash, env().APP_SECRET)) throw denied();
  const postedDomain = (params.query.get("DOMAIN") ?? "").trim().toLowerCase();
  if (postedDomain !== portal.domain) throw denied();

  const asUser = userRest(portal, portal.memberId, form.AUTH_ID);
  const [me, isAdmin] = await Promise.all([asUser.call<BitrixUser>("user.current"), asUser.call<boolean>("user.admin")]).catch(() => {
    throw denied();
  });
  const user: SessionUser = {
    portalId: portal.id,
    memberId: portal.memberId,
    domain: portal.domain,
    userId: Number(me.ID),
    name: [me.NAME, me.LAST_NAME].filter(Boolean).join(" ") || `#${me.ID}`,
    isAdmin: isAdmin === true,
    lang: (params.query.get("LANG") ?? portal.lang) === "en" ? "en" : "ru",
  };
  let path = placementPath(form.PLACEMENT, form.PLACEMENT_OPTIONS);
  // First open after install: an admin with no cashbox yet gets the guided setup instead of empty settings.
  if (path === "/settings" && user.isAdmin && (await listProfiles(db, portal.id)).length === 0) path = "/setup";
  // Support staff work the console; the settings are read-only to them.
  if (path === "/settings" && !user.isAdmin && (await consoleRole(db, portal, user)) === "support") path = "/support";
  return { user, path };
}

/** DEFAULT opens the settings; the deal tab opens the deal view for PLACEMENT_OPTIONS.ID. */
export function placementPath(placement: string, optionsJson: string | undefined): string {
  if (placement === "CRM_DEAL_DETAIL_TAB" || placement === "CRM_DEAL_LIST_MENU") {
    let id: unknown;
    try {
      id = optionsJson ? (JSON.parse(optionsJson) as { ID?: unknown }).ID : undefined;
    } catch {
      id = undefined;
    }
    if (typeof id === "string" || typeof id === "number") {
      const dealId = String(id);
      if (/^\d{1,12}$/.test(dealId)) return `/deal/${dealId}`;
    }
  }
  return "/settings";
}
