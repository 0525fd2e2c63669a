import { bigint, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { portals } from "./portals";

/**
 * Where CRM money and receipts disagree, one row per deterministic key (kind + ids), so re-running reconciliation
 * updates rows instead of adding them. Support resolves them with a note.
 */
export const mismatches = pgTable(
  "mismatches",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    portalId: uuid("portal_id")
      .notNull()
      .references(() => portals.id, { onDelete: "cascade" }),
    key: text("key").notNull(),
    kind: text("kind").notNull(),
    cause: text("cause").notNull(),
    receiptIds: jsonb("receipt_ids").$type<string[]>().notNull().default([]),
    paymentId: integer("payment_id"),
    dealId: integer("deal_id"),
    expectedKop: bigint("expected_kop", { mode: "number" }).notNull(),
    actualKop: bigint("actual_kop", { mode: "number" }).notNull(),
    deltaKop: bigint("delta_kop", { mode: "number" }).notNull(),
    evidence: jsonb("evidence").$type<Record<string, unknown>>().notNull().default({}),
    /** The portal-zone day it belongs to, YYYY-MM-DD. */
    day: text("day").notNull(),
    status: text("status", { enum: ["open", "resolved"] }).notNull().default("open"),
    /** The cashbox of the receipts involved (filters in the console); null when no receipt is involved. */
    profileId: uuid("profile_id"),
    /** The support user working on it. */
    assigneeId: integer("assignee_id"),
    resolvedBy: integer("resolved_by"),
    resolvedAt: timestamp("resolved_at", { withTimezone: true }),
    note: text("note"),
    /** When the responsible user was told about it (im.notify digest); null: not yet. */
    notifiedAt: timestamp("notified_at", { withTimezone: true }),
    firstSeenAt: timestamp("first_seen_at", { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("mismatches_portal_key_uq").on(t.portalId, t.key), index("mismatches_portal_status_day_idx").on(t.portalId, t.status, t.day)],
);

export type MismatchRow = typeof mismatches.$inferSelect;
