import { bigint, bigserial, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import type { DomainReceipt, FiscalResult } from "../../receipts/types";
import { cashboxProfiles } from "./cashbox-profiles";
import { portals } from "./portals";

export type ReceiptStatus =
  /** Stored with its job; nothing sent yet (or a new fiscal attempt is due). */
  | "accepted"
  /** A register call is (or may be) in flight: its outcome is unknown until the provider says. */
  | "registering"
  /** The provider queued it; waiting for the fiscal result. */
  | "registered"
  /** The provider fiscalised it; Bitrix24 not told yet. */
  | "fiscalised"
  /** Fiscalised and Bitrix24 has the result. */
  | "done"
  /** The provider refused it for good (Bitrix24 is told ERROR). */
  | "failed"
  /** Retries exhausted with the outcome unknown: support must look (never silently failed). */
  | "needs_attention";

export type ReceiptSource = "bitrix" | "payment" | "refund" | "correction";

/** One fiscal document we were asked for. Money in kopecks; every step's time in UTC from our clock. */
export const receipts = pgTable(
  "receipts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    portalId: uuid("portal_id")
      .notNull()
      .references(() => portals.id, { onDelete: "cascade" }),
    profileId: uuid("profile_id")
      .notNull()
      .references(() => cashboxProfiles.id),
    source: text("source").$type<ReceiptSource>().notNull(),
    /** Bitrix24's `uuid` of the check (PRINT_URL); null for receipts the app started. */
    bitrixUuid: text("bitrix_uuid"),
    /** Bitrix24's check id (`unique_id`). */
    bitrixCheckId: integer("bitrix_check_id"),
    /** Idempotency key of receipts the app starts (refund/correction of a receipt). */
    requestKey: text("request_key"),
    /** The receipt a refund or correction refers to. */
    refersToId: uuid("refers_to_id"),
    checkType: text("check_type").notNull(),
    operation: text("operation").$type<DomainReceipt["operation"]>().notNull(),
    receipt: jsonb("receipt").$type<DomainReceipt>().notNull(),
    /** What Bitrix24 sent, kept as evidence for support. */
    payload: jsonb("payload").$type<unknown>(),
    totalKop: bigint("total_kop", { mode: "number" }).notNull(),
    status: text("status").$type<ReceiptStatus>().notNull().default("accepted"),
    /** Fiscal attempt number; a new attempt (and external id) only after a terminal provider failure. */
    attempt: integer("attempt").notNull().default(1),
    /** The provider idempotency id of the current attempt, stored before the first call. */
    externalId: text("external_id").notNull(),
    providerUuid: text("provider_uuid"),
    fiscal: jsonb("fiscal").$type<FiscalResult>(),
    /** The fiscal document's own date-time (provider/fiscal drive clock). */
    fiscalAt: timestamp("fiscal_at", { withTimezone: true }),
    /** Bitrix24's `date_create` of the check (portal clock). */
    bitrixCreatedAt: timestamp("bitrix_created_at", { withTimezone: true }),
    lastError: text("last_error"),
    /** The CRM payment and deal this receipt belongs to (matched, or known when the app started it). */
    paymentId: integer("payment_id"),
    dealId: integer("deal_id"),
    /** How sure the match is, in percent; `matchMethod` says how it was made (auto, app, manual, ambiguous). */
    matchConfidence: integer("match_confidence"),
    matchMethod: text("match_method").$type<"auto" | "app" | "manual" | "ambiguous" | "none">(),
    matchEvidence: jsonb("match_evidence").$type<Record<string, unknown>>(),
    createdBy: integer("created_by"),
    registeredAt: timestamp("registered_at", { withTimezone: true }),
    fiscalisedAt: timestamp("fiscalised_at", { withTimezone: true }),
    bitrixReportedAt: timestamp("bitrix_reported_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("receipts_portal_bitrix_uuid_uq").on(t.portalId, t.bitrixUuid),
    uniqueIndex("receipts_portal_request_key_uq").on(t.portalId, t.requestKey),
    uniqueIndex("receipts_portal_external_id_uq").on(t.portalId, t.externalId),
    index("receipts_portal_status_idx").on(t.portalId, t.status),
    index("receipts_portal_deal_idx").on(t.portalId, t.dealId),
  ],
);

/** Every provider and Bitrix24 call made for a receipt: request/response (no secrets), latency, outcome. */
export const receiptAttempts = pgTable(
  "receipt_attempts",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    portalId: uuid("portal_id")
      .notNull()
      .references(() => portals.id, { onDelete: "cascade" }),
    receiptId: uuid("receipt_id")
      .notNull()
      .references(() => receipts.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: ["register", "report", "apply"] }).notNull(),
    externalId: text("external_id"),
    outcome: text("outcome").notNull(),
    detail: jsonb("detail").$type<Record<string, unknown>>().notNull().default({}),
    latencyMs: integer("latency_ms").notNull(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("receipt_attempts_receipt_idx").on(t.receiptId, t.at)],
);

export type Receipt = typeof receipts.$inferSelect;
export type NewReceipt = typeof receipts.$inferInsert;
export type ReceiptAttempt = typeof receiptAttempts.$inferSelect;
