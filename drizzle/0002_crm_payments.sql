CREATE TABLE "crm_payments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"portal_id" uuid NOT NULL,
	"payment_id" integer NOT NULL,
	"order_id" integer,
	"deal_id" integer,
	"account_number" text,
	"sum_kop" bigint NOT NULL,
	"currency" text DEFAULT 'RUB' NOT NULL,
	"paid" boolean DEFAULT false NOT NULL,
	"date_paid" timestamp with time zone,
	"pay_system_name" text,
	"is_cash" boolean,
	"contacts" jsonb DEFAULT '{"emails":[],"phones":[]}'::jsonb NOT NULL,
	"product_names" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"synced_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "portals" ADD COLUMN "payments_synced_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "portals" ADD COLUMN "backfill" jsonb;--> statement-breakpoint
ALTER TABLE "receipts" ADD COLUMN "payment_id" integer;--> statement-breakpoint
ALTER TABLE "receipts" ADD COLUMN "deal_id" integer;--> statement-breakpoint
ALTER TABLE "receipts" ADD COLUMN "match_confidence" integer;--> statement-breakpoint
ALTER TABLE "receipts" ADD COLUMN "match_method" text;--> statement-breakpoint
ALTER TABLE "receipts" ADD COLUMN "match_evidence" jsonb;--> statement-breakpoint
ALTER TABLE "crm_payments" ADD CONSTRAINT "crm_payments_portal_id_portals_id_fk" FOREIGN KEY ("portal_id") REFERENCES "public"."portals"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "crm_payments_portal_payment_uq" ON "crm_payments" USING btree ("portal_id","payment_id");--> statement-breakpoint
CREATE INDEX "crm_payments_portal_deal_idx" ON "crm_payments" USING btree ("portal_id","deal_id");--> statement-breakpoint
CREATE INDEX "receipts_portal_deal_idx" ON "receipts" USING btree ("portal_id","deal_id");