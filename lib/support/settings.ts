import { z } from "zod";
import type { SessionUser } from "@/lib/auth/session";
import type { Db } from "@/lib/db/client";
import { addAudit } from "@/lib/db/queries/audit";
import { getPortalSettings, updatePortalSettings } from "@/lib/db/queries/portal-settings";
import type { Portal, PortalSettings } from "@/lib/db/schema";
import { requireAdmin } from "./access";

// The console's own settings: who is support, who hears about new mismatches, and how often at most.

const userId = z.number({ error: "ID пользователя Битрикс24 — целое число" }).int("ID пользователя Битрикс24 — целое число").positive("ID пользователя Битрикс24 — целое число");

export const supportSettingsSchema = z.object({
  supportUserIds: z.array(userId).max(100, "Не больше 100 сотрудников поддержки").transform((ids) => [...new Set(ids)]),
  /** null: the installing admin. */
  notifyUserId: userId.nullable(),
  digestMinutes: z.number({ error: "Период — число минут" }).int().min(5, "Не чаще раза в 5 минут").max(7 * 24 * 60, "Не реже раза в неделю"),
});
export type SupportSettingsInput = z.infer<typeof supportSettingsSchema>;

export function supportSettingsView(s: PortalSettings, portal: Portal) {
  return {
    supportUserIds: s.supportUserIds,
    notifyUserId: s.notifyUserId,
    /** Who is notified when notifyUserId is empty. */
    defaultNotifyUserId: portal.installedByUserId,
    digestMinutes: s.digestMinutes,
    lastDigestAt: s.lastDigestAt?.toISOString() ?? null,
  };
}

export async function readSupportSettings(db: Db, portal: Portal) {
  return supportSettingsView(await getPortalSettings(db, portal.id), portal);
}

export async function saveSupportSettings(db: Db, portal: Portal, user: SessionUser, input: SupportSettingsInput) {
  requireAdmin(user);
  const before = await getPortalSettings(db, portal.id);
  const saved = await updatePortalSettings(db, portal.id, input);
  await addAudit(db, {
    portalId: portal.id,
    userId: user.userId,
    action: "support.settings",
    subject: "settings:support",
    details: { before: { supportUserIds: before.supportUserIds, notifyUserId: before.notifyUserId, digestMinutes: before.digestMinutes }, after: input },
  });
  return supportSettingsView(saved, portal);
}
