import { integer, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

/** One row per Bitrix24 portal (member_id). Tokens and secrets are sealed (lib/crypto) or keyed hashes. */
export const portals = pgTable("portals", {
  id: uuid("id").primaryKey().defaultRandom(),
  memberId: text("member_id").notNull().unique(),
  domain: text("domain").notNull(),
  protocol: text("protocol", { enum: ["https", "http"] }).notNull().default("https"),
  status: text("status", { enum: ["installing", "installed", "uninstalled"] }).notNull().default("installing"),
  /** HMAC of the app's application_token on this portal; compared in constant time on every event. */
  applicationTokenHash: text("application_token_hash"),
  accessTokenEnc: text("access_token_enc"),
  refreshTokenEnc: text("refresh_token_enc"),
  /** Unix seconds when the stored access token expires. */
  tokenExpires: integer("token_expires"),
  /** Counts stored rotations; the refresh lock compares it to tell "someone else refreshed" apart. */
  tokenVersion: integer("token_version").notNull().default(0),
  scope: text("scope"),
  appStatus: text("app_status"),
  installedByUserId: integer("installed_by_user_id"),
  /** The installing admin's e-mail: Bitrix24 may put the portal's own address into client_email as a fallback. */
  adminEmail: text("admin_email"),
  /** Secret in PRINT_URL/CHECK_URL paths (Bitrix24 sends no auth there): sealed to rebuild URLs, hashed to compare. */
  urlSecretEnc: text("url_secret_enc"),
  urlSecretHash: text("url_secret_hash"),
  handlerId: integer("handler_id"),
  timezone: text("timezone"),
  lang: text("lang").notNull().default("ru"),
  lastAuthError: text("last_auth_error"),
  /** Last payments sync (offline events) and the backfill's progress, shown to the admin. */
  paymentsSyncedAt: timestamp("payments_synced_at", { withTimezone: true }),
  backfill: jsonb("backfill").$type<{ status: "running" | "done" | "failed"; done: number; total: number | null; error?: string }>(),
  installedAt: timestamp("installed_at", { withTimezone: true }),
  uninstalledAt: timestamp("uninstalled_at", { withTimezone: true }),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

export type Portal = typeof portals.$inferSelect;
export type NewPortal = typeof portals.$inferInsert;
