import { boolean, index, integer, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { portals } from "./portals";

export type ProviderName = "atol" | "evotor" | "orangedata" | "sandbox";
export type CashboxMode = "test" | "live";
export type TaxSystem = "osn" | "usn_income" | "usn_income_outcome" | "esn" | "patent";
export type VatCode = "none" | "vat0" | "vat5" | "vat7" | "vat10" | "vat20" | "vat22";
export type ContactPolicy = "email_or_phone" | "email_only" | "phone_only";

export interface CompanyDetails {
  inn: string;
  sno: TaxSystem;
  paymentAddress: string;
  email: string;
}

/** A portal's cloud cashbox: provider credentials (sealed), company details, VAT map, Bitrix24 cashbox link. */
export const cashboxProfiles = pgTable(
  "cashbox_profiles",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    portalId: uuid("portal_id")
      .notNull()
      .references(() => portals.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    provider: text("provider").$type<ProviderName>().notNull(),
    mode: text("mode").$type<CashboxMode>().notNull(),
    /** Sealed JSON of the provider credentials; null once erased (uninstall, delete). */
    credentialsEnc: text("credentials_enc"),
    /** Non-secret parts of the credentials shown back to the admin (login, group code). */
    credentialsPublic: jsonb("credentials_public").$type<Record<string, string>>().notNull(),
    company: jsonb("company").$type<CompanyDetails>().notNull(),
    /** Bitrix24 catalog VAT id → VAT code. */
    vatMap: jsonb("vat_map").$type<Record<string, VatCode>>().notNull(),
    contactPolicy: text("contact_policy").$type<ContactPolicy>().notNull().default("email_or_phone"),
    active: boolean("active").notNull().default(true),
    bitrixCashboxId: integer("bitrix_cashbox_id"),
    bitrixSyncError: text("bitrix_sync_error"),
    deletedAt: timestamp("deleted_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("cashbox_profiles_portal_idx").on(t.portalId)],
);

export type CashboxProfile = typeof cashboxProfiles.$inferSelect;
export type NewCashboxProfile = typeof cashboxProfiles.$inferInsert;
