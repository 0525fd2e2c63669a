import { integer, jsonb, pgTable, timestamp, uuid } from "drizzle-orm/pg-core";
import { portals } from "./portals";

/**
 * Per-portal settings of the support side: who may work the console besides admins, who hears about new mismatches
 * (and how often at most), and the thresholds that turn a clock offset or a queue delay into a diagnostic.
 * A portal without a row uses the defaults (lib/support/settings.ts).
 */
export const portalSettings = pgTable("portal_settings", {
  portalId: uuid("portal_id")
    .primaryKey()
    .references(() => portals.id, { onDelete: "cascade" }),
  /** Bitrix24 user ids the admin named as support. */
  supportUserIds: jsonb("support_user_ids").$type<number[]>().notNull().default([]),
  /** Who gets `im.notify` about new mismatches; null: the installing admin. */
  notifyUserId: integer("notify_user_id"),
  /** At most one notification per this many minutes. */
  digestMinutes: integer("digest_minutes").notNull().default(60),
  lastDigestAt: timestamp("last_digest_at", { withTimezone: true }),
  clockSkewMs: integer("clock_skew_ms").notNull().default(60_000),
  queueDelayMs: integer("queue_delay_ms").notNull().default(600_000),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

export type PortalSettings = typeof portalSettings.$inferSelect;
