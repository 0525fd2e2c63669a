import { bigserial, index, integer, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { portals } from "./portals";

/** Who did what: settings changes, installs, uninstalls. Never holds secrets. */
export const auditLog = pgTable(
  "audit_log",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    portalId: uuid("portal_id")
      .notNull()
      .references(() => portals.id, { onDelete: "cascade" }),
    userId: integer("user_id"),
    action: text("action").notNull(),
    /** What the action was about, e.g. `mismatch:<uuid>` or `receipt:<uuid>`, so a record's history is one query. */
    subject: text("subject"),
    details: jsonb("details").$type<Record<string, unknown>>().notNull().default({}),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("audit_log_portal_at_idx").on(t.portalId, t.at), index("audit_log_portal_subject_idx").on(t.portalId, t.subject)],
);

/**
 * Every REST call we make to a portal (the Market asks for at least 3 days of request/response logs).
 * Parameters are stored redacted.
 */
export const restCalls = pgTable(
  "rest_calls",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    portalId: uuid("portal_id")
      .notNull()
      .references(() => portals.id, { onDelete: "cascade" }),
    method: text("method").notNull(),
    params: jsonb("params").$type<unknown>(),
    ok: text("ok", { enum: ["ok", "error"] }).notNull(),
    errorCode: text("error_code"),
    status: integer("status"),
    durationMs: integer("duration_ms").notNull(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("rest_calls_portal_at_idx").on(t.portalId, t.at)],
);

export type AuditEntry = typeof auditLog.$inferSelect;
export type RestCall = typeof restCalls.$inferSelect;
