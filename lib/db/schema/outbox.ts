import { index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { portals } from "./portals";
import { receipts } from "./receipts";

export type JobKind = "fiscalise" | "apply" | "timeline" | "reconcile";
export type JobStatus = "pending" | "running" | "done" | "dead";

/**
 * Transactional outbox: a job is inserted in the same transaction as the business row, claimed with
 * FOR UPDATE SKIP LOCKED and a lease, and settled only by the worker that holds the lease.
 */
export const outboxJobs = pgTable(
  "outbox_jobs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    portalId: uuid("portal_id")
      .notNull()
      .references(() => portals.id, { onDelete: "cascade" }),
    receiptId: uuid("receipt_id").references(() => receipts.id, { onDelete: "cascade" }),
    kind: text("kind").$type<JobKind>().notNull(),
    idempotencyKey: text("idempotency_key").notNull(),
    status: text("status").$type<JobStatus>().notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    runAt: timestamp("run_at", { withTimezone: true }).notNull().defaultNow(),
    lockedUntil: timestamp("locked_until", { withTimezone: true }),
    lockedBy: text("locked_by"),
    lastError: text("last_error"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("outbox_jobs_portal_key_uq").on(t.portalId, t.idempotencyKey),
    index("outbox_jobs_due_idx").on(t.status, t.runAt),
  ],
);

export type OutboxJob = typeof outboxJobs.$inferSelect;
