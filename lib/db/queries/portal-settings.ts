import { eq, sql } from "drizzle-orm";
import type { Db } from "../client";
import { portalSettings, type PortalSettings } from "../schema";

// Per-portal support settings; a portal without a row gets the column defaults, so readers never branch on "unset".

export const DEFAULT_PORTAL_SETTINGS: Omit<PortalSettings, "portalId" | "updatedAt"> = {
  supportUserIds: [],
  notifyUserId: null,
  digestMinutes: 60,
  lastDigestAt: null,
  clockSkewMs: 60_000,
  queueDelayMs: 600_000,
};

export async function getPortalSettings(db: Db, portalId: string): Promise<PortalSettings> {
  const [row] = await db.select().from(portalSettings).where(eq(portalSettings.portalId, portalId)).limit(1);
  return row ?? { portalId, ...DEFAULT_PORTAL_SETTINGS, updatedAt: new Date(0) };
}

export type PortalSettingsPatch = Partial<Omit<PortalSettings, "portalId" | "updatedAt">>;

export async function updatePortalSettings(db: Db, portalId: string, patch: PortalSettingsPatch): Promise<PortalSettings> {
  const [row] = await db
    .insert(portalSettings)
    .values({ portalId, ...patch })
    .onConflictDoUpdate({ target: portalSettings.portalId, set: { ...patch, updatedAt: sql`now()` } })
    .returning();
  return row!;
}
