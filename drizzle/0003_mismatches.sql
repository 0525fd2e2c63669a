CREATE TABLE "mismatches" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"portal_id" uuid NOT NULL,
	"key" text NOT NULL,
	"kind" text NOT NULL,
	"cause" text NOT NULL,
	"receipt_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"payment_id" integer,
	"deal_id" integer,
	"expected_kop" bigint NOT NULL,
	"actual_kop" bigint NOT NULL,
	"delta_kop" bigint NOT NULL,
	"evidence" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"day" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"resolved_by" integer,
	"note" text,
	"first_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "mismatches" ADD CONSTRAINT "mismatches_portal_id_portals_id_fk" FOREIGN KEY ("portal_id") REFERENCES "public"."portals"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "mismatches_portal_key_uq" ON "mismatches" USING btree ("portal_id","key");--> statement-breakpoint
CREATE INDEX "mismatches_portal_status_day_idx" ON "mismatches" USING btree ("portal_id","status","day");