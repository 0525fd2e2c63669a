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
    resolvedBy: integer("resolved_by"),
    note: text("note"),
    firstSeenAt: timestamp("first_seen_at", { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("mismatches_portal_key_uq").on(t.portalId, t.key), index("mismatches_portal_status_day_idx").on(t.portalId, t.status, t.day)],
);

export type MismatchRow = typeof mismatches.$inferSelect;
