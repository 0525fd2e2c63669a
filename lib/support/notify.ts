import { portalRest, type RestClient } from "@/lib/bitrix/portal-client";
import { clientEndpoint } from "@/lib/bitrix/endpoints";
import type { Db } from "@/lib/db/client";
import { getPortalSettings, updatePortalSettings } from "@/lib/db/queries/portal-settings";
import { claimDigest, listUnnotifiedOpen, markNotified, releaseDigest } from "@/lib/db/queries/support-notify";
import type { MismatchRow, Portal } from "@/lib/db/schema";
import { env } from "@/lib/env";
import { t, type Lang } from "@/lib/i18n";
import { log } from "@/lib/log";
import { rublesCell } from "./csv";

// New open mismatches are told to the responsible user with one im.notify per digest period at most: a summary by
// kind with a link to the app, never one message per finding. Called after every reconciliation run.

/** One digest names at most this many findings; the rest wait for the next one (the console shows them all anyway). */
const DIGEST_LIMIT = 500;

export type DigestOutcome = { sent: false; reason: "nothing_new" | "no_recipient" | "too_soon" | "failed" } | { sent: true; count: number; userId: number };

export function digestMessage(found: readonly Pick<MismatchRow, "kind" | "deltaKop">[], link: string, lang: Lang): string {
  const byKind = new Map<string, number>();
  for (const m of found) byKind.set(m.kind, (byKind.get(m.kind) ?? 0) + 1);
  const lines = [...byKind.entries()].sort((a, b) => b[1] - a[1]).map(([kind, n]) => `— ${t(lang, `support.kind.${kind}` as never)}: ${n}`);
  const total = found.reduce((s, m) => s + Math.abs(m.deltaKop), 0);
  return [
    `[B]${t(lang, "support.notify.title", { count: found.length })}[/B]`,
    ...lines,
    t(lang, "support.notify.total", { sum: rublesCell(total) }),
    `[URL=${link}]${t(lang, "support.notify.open")}[/URL]`,
  ].join("\n");
}

/**
 * The app's page on the portal (Bitrix24 opens the app in its frame there, `/marketplace/app/<local id>/`); the
 * console is one click from it. The local id comes from `app.info`; without it, the app's client id.
 */
export function appLink(portal: Pick<Portal, "domain" | "protocol">, localId?: unknown): string {
  const base = clientEndpoint({ domain: portal.domain, protocol: portal.protocol === "http" ? "http" : "https" }).replace(/\/rest$/, "");
  const id = typeof localId === "number" || (typeof localId === "string" && /^\d+$/.test(localId)) ? String(localId) : env().B24_CLIENT_ID;
  return `${base}/marketplace/app/${encodeURIComponent(id)}/`;
}

export async function notifyNewMismatches(db: Db, portal: Portal, deps: { rest?: RestClient; now?: Date } = {}): Promise<DigestOutcome> {
  const now = deps.now ?? new Date();
  const fresh = await listUnnotifiedOpen(db, { portalId: portal.id, limit: DIGEST_LIMIT });
  if (!fresh.length) return { sent: false, reason: "nothing_new" };
  const settings = await getPortalSettings(db, portal.id);
  const userId = settings.notifyUserId ?? portal.installedByUserId;
  if (!userId) return { sent: false, reason: "no_recipient" };
  if (settings.updatedAt.getTime() === 0) await updatePortalSettings(db, portal.id, {}); // the row the claim updates
  if (!(await claimDigest(db, { portalId: portal.id, now }))) return { sent: false, reason: "too_soon" };
  const lang: Lang = portal.lang === "en" ? "en" : "ru";
  try {
    const rest = deps.rest ?? portalRest(db, portal);
    const info = await rest.call<{ ID?: unknown }>("app.info").catch(() => null);
    await rest.call("im.notify", { USER_ID: userId, TYPE: "SYSTEM", MESSAGE: digestMessage(fresh, appLink(portal, info?.ID), lang), SUB_TAG: "B24KASSA|MISMATCHES" });
  } catch (err) {
    // Not told: the findings stay un-notified and the slot is given back, so the next run tries again.
    await releaseDigest(db, { portalId: portal.id, previous: settings.lastDigestAt });
    log.warn("mismatch digest not sent", { portalId: portal.id, error: err });
    return { sent: false, reason: "failed" };
  }
  await markNotified(db, { portalId: portal.id, ids: fresh.map((m) => m.id), at: now });
  return { sent: true, count: fresh.length, userId };
}
