import { bigint, boolean, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { portals } from "./portals";

/**
 * Our picture of the portal's CRM payments (Bitrix24's PRINT_URL carries no payment or deal id, so receipts are
 * matched to these). Refreshed from offline payment events and a backfill; datePaid is the portal's clock.
 */
export const crmPayments = pgTable(
  "crm_payments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    portalId: uuid("portal_id")
      .notNull()
      .references(() => portals.id, { onDelete: "cascade" }),
    paymentId: integer("payment_id").notNull(),
    orderId: integer("order_id"),
    dealId: integer("deal_id"),
    accountNumber: text("account_number"),
    sumKop: bigint("sum_kop", { mode: "number" }).notNull(),
    currency: text("currency").notNull().default("RUB"),
    paid: boolean("paid").notNull().default(false),
    datePaid: timestamp("date_paid", { withTimezone: true }),
    paySystemName: text("pay_system_name"),
    isCash: boolean("is_cash"),
    /** Buyer contacts of the deal (e-mail, phone) and product names, for matching receipts. */
    contacts: jsonb("contacts").$type<{ emails: string[]; phones: string[] }>().notNull().default({ emails: [], phones: [] }),
    productNames: jsonb("product_names").$type<string[]>().notNull().default([]),
    syncedAt: timestamp("synced_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("crm_payments_portal_payment_uq").on(t.portalId, t.paymentId), index("crm_payments_portal_deal_idx").on(t.portalId, t.dealId)],
);

export type CrmPayment = typeof crmPayments.$inferSelect;
export type NewCrmPayment = typeof crmPayments.$inferInsert;
