import { bigserial, index, integer, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { cashboxProfiles } from "./cashbox-profiles";
import { portals } from "./portals";

/**
 * One clock measurement (NTP-style): the remote clock read our time + offset_ms, ± uncertainty_ms (rtt/2 plus half
 * the remote clock's resolution). `measured_at` is our clock (UTC). `zone` is the IANA zone the source's own times are
 * in, when known: the portal says it (`server.time`), the provider and fiscal drive write naive Moscow text.
 */
export const clockSamples = pgTable(
  "clock_samples",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    portalId: uuid("portal_id")
      .notNull()
      .references(() => portals.id, { onDelete: "cascade" }),
    source: text("source", { enum: ["portal", "provider", "fiscal"] }).notNull(),
    /** The cashbox whose provider or fiscal drive was measured; null for the portal. */
    profileId: uuid("profile_id").references(() => cashboxProfiles.id, { onDelete: "cascade" }),
    /** What was read: `server.time`, `http-date`, `atol-timestamp`, `receipt_datetime`, … */
    method: text("method").notNull(),
    offsetMs: integer("offset_ms").notNull(),
    uncertaintyMs: integer("uncertainty_ms").notNull(),
    rttMs: integer("rtt_ms"),
    zone: text("zone"),
    /** The receipt a fiscal-drive sample comes from, and anything else worth showing. */
    receiptId: uuid("receipt_id"),
    details: jsonb("details").$type<Record<string, unknown>>().notNull().default({}),
    measuredAt: timestamp("measured_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("clock_samples_portal_source_at_idx").on(t.portalId, t.source, t.measuredAt)],
);

export type ClockSampleRow = typeof clockSamples.$inferSelect;
export type NewClockSample = typeof clockSamples.$inferInsert;
