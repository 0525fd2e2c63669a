CREATE TABLE "receipt_attempts" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"portal_id" uuid NOT NULL,
	"receipt_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"external_id" text,
	"outcome" text NOT NULL,
	"detail" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"latency_ms" integer NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "receipts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"portal_id" uuid NOT NULL,
	"profile_id" uuid NOT NULL,
	"source" text NOT NULL,
	"bitrix_uuid" text,
	"bitrix_check_id" integer,
	"request_key" text,
	"refers_to_id" uuid,
	"check_type" text NOT NULL,
	"operation" text NOT NULL,
	"receipt" jsonb NOT NULL,
	"payload" jsonb,
	"total_kop" bigint NOT NULL,
	"status" text DEFAULT 'accepted' NOT NULL,
	"attempt" integer DEFAULT 1 NOT NULL,
	"external_id" text NOT NULL,
	"provider_uuid" text,
	"fiscal" jsonb,
	"fiscal_at" timestamp with time zone,
	"bitrix_created_at" timestamp with time zone,
	"last_error" text,
	"created_by" integer,
	"registered_at" timestamp with time zone,
	"fiscalised_at" timestamp with time zone,
	"bitrix_reported_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "outbox_jobs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"portal_id" uuid NOT NULL,
	"receipt_id" uuid,
	"kind" text NOT NULL,
	"idempotency_key" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"run_at" timestamp with time zone DEFAULT now() NOT NULL,
	"locked_until" timestamp with time zone,
	"locked_by" text,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "portals" ADD COLUMN "admin_email" text;--> statement-breakpoint
ALTER TABLE "receipt_attempts" ADD CONSTRAINT "receipt_attempts_portal_id_portals_id_fk" FOREIGN KEY ("portal_id") REFERENCES "public"."portals"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "receipt_attempts" ADD CONSTRAINT "receipt_attempts_receipt_id_receipts_id_fk" FOREIGN KEY ("receipt_id") REFERENCES "public"."receipts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "receipts" ADD CONSTRAINT "receipts_portal_id_portals_id_fk" FOREIGN KEY ("portal_id") REFERENCES "public"."portals"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "receipts" ADD CONSTRAINT "receipts_profile_id_cashbox_profiles_id_fk" FOREIGN KEY ("profile_id") REFERENCES "public"."cashbox_profiles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outbox_jobs" ADD CONSTRAINT "outbox_jobs_portal_id_portals_id_fk" FOREIGN KEY ("portal_id") REFERENCES "public"."portals"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outbox_jobs" ADD CONSTRAINT "outbox_jobs_receipt_id_receipts_id_fk" FOREIGN KEY ("receipt_id") REFERENCES "public"."receipts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "receipt_attempts_receipt_idx" ON "receipt_attempts" USING btree ("receipt_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "receipts_portal_bitrix_uuid_uq" ON "receipts" USING btree ("portal_id","bitrix_uuid");--> statement-breakpoint
CREATE UNIQUE INDEX "receipts_portal_request_key_uq" ON "receipts" USING btree ("portal_id","request_key");--> statement-breakpoint
CREATE UNIQUE INDEX "receipts_portal_external_id_uq" ON "receipts" USING btree ("portal_id","external_id");--> statement-breakpoint
CREATE INDEX "receipts_portal_status_idx" ON "receipts" USING btree ("portal_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "outbox_jobs_portal_key_uq" ON "outbox_jobs" USING btree ("portal_id","idempotency_key");--> statement-breakpoint
CREATE INDEX "outbox_jobs_due_idx" ON "outbox_jobs" USING btree ("status","run_at");