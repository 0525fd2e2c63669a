CREATE TABLE "clock_samples" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"portal_id" uuid NOT NULL,
	"source" text NOT NULL,
	"profile_id" uuid,
	"method" text NOT NULL,
	"offset_ms" integer NOT NULL,
	"uncertainty_ms" integer NOT NULL,
	"rtt_ms" integer,
	"zone" text,
	"receipt_id" uuid,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"measured_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "portal_settings" (
	"portal_id" uuid PRIMARY KEY NOT NULL,
	"support_user_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"notify_user_id" integer,
	"digest_minutes" integer DEFAULT 60 NOT NULL,
	"last_digest_at" timestamp with time zone,
	"clock_skew_ms" integer DEFAULT 60000 NOT NULL,
	"queue_delay_ms" integer DEFAULT 600000 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "audit_log" ADD COLUMN "subject" text;--> statement-breakpoint
ALTER TABLE "mismatches" ADD COLUMN "profile_id" uuid;--> statement-breakpoint
ALTER TABLE "mismatches" ADD COLUMN "assignee_id" integer;--> statement-breakpoint
ALTER TABLE "mismatches" ADD COLUMN "resolved_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "mismatches" ADD COLUMN "notified_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "clock_samples" ADD CONSTRAINT "clock_samples_portal_id_portals_id_fk" FOREIGN KEY ("portal_id") REFERENCES "public"."portals"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "clock_samples" ADD CONSTRAINT "clock_samples_profile_id_cashbox_profiles_id_fk" FOREIGN KEY ("profile_id") REFERENCES "public"."cashbox_profiles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "portal_settings" ADD CONSTRAINT "portal_settings_portal_id_portals_id_fk" FOREIGN KEY ("portal_id") REFERENCES "public"."portals"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "clock_samples_portal_source_at_idx" ON "clock_samples" USING btree ("portal_id","source","measured_at");--> statement-breakpoint
CREATE INDEX "audit_log_portal_subject_idx" ON "audit_log" USING btree ("portal_id","subject");