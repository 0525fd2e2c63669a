import { portalRest, type RestClient } from "@/lib/bitrix/portal-client";
import type { Db } from "@/lib/db/client";
import { getPortalSettings } from "@/lib/db/queries/portal-settings";
import type { Portal } from "@/lib/db/schema";
import { log } from "@/lib/log";

// Names for the user ids the console shows (support users, the notified user, the installing admin, assignees),
// read from Bitrix24 with one `user.get`. Names are a convenience: when Bitrix24 does not answer, ids are shown.

export interface Person {
  id: number;
  name: string | null;
  support: boolean;
}

export async function listPeople(db: Db, portal: Portal, deps: { rest?: RestClient } = {}): Promise<Person[]> {
  const settings = await getPortalSettings(db, portal.id);
  const ids = [...new Set([...settings.supportUserIds, settings.notifyUserId, portal.installedByUserId].filter((id): id is number => typeof id === "number"))];
  if (!ids.length) return [];
  let names = new Map<number, string>();
  try {
    const rows = await (deps.rest ?? portalRest(db, portal)).call<Array<{ ID: string; NAME?: string; LAST_NAME?: string }>>("user.get", { FILTER: { "@ID": ids } });
    names = new Map(rows.map((u) => [Number(u.ID), [u.NAME, u.LAST_NAME].filter(Boolean).join(" ").trim()]));
  } catch (err) {
    log.warn("user names not read", { portalId: portal.id, error: err });
  }
  return ids.map((id) => ({ id, name: names.get(id) || null, support: settings.supportUserIds.includes(id) }));
}
