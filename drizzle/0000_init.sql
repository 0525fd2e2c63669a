CREATE TABLE "portals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"member_id" text NOT NULL,
	"domain" text NOT NULL,
	"protocol" text DEFAULT 'https' NOT NULL,
	"status" text DEFAULT 'installing' NOT NULL,
	"application_token_hash" text,
	"access_token_enc" text,
	"refresh_token_enc" text,
	"token_expires" integer,
	"token_version" integer DEFAULT 0 NOT NULL,
	"scope" text,
	"app_status" text,
	"installed_by_user_id" integer,
	"url_secret_enc" text,
	"url_secret_hash" text,
	"handler_id" integer,
	"timezone" text,
	"lang" text DEFAULT 'ru' NOT NULL,
	"last_auth_error" text,
	"installed_at" timestamp with time zone,
	"uninstalled_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "portals_member_id_unique" UNIQUE("member_id")
);
--> statement-breakpoint
CREATE TABLE "cashbox_profiles" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"portal_id" uuid NOT NULL,
	"name" text NOT NULL,
	"provider" text NOT NULL,
	"mode" text NOT NULL,
	"credentials_enc" text,
	"credentials_public" jsonb NOT NULL,
	"company" jsonb NOT NULL,
	"vat_map" jsonb NOT NULL,
	"contact_policy" text DEFAULT 'email_or_phone' NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"bitrix_cashbox_id" integer,
	"bitrix_sync_error" text,
	"deleted_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"portal_id" uuid NOT NULL,
	"user_id" integer,
	"action" text NOT NULL,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rest_calls" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"portal_id" uuid NOT NULL,
	"method" text NOT NULL,
	"params" jsonb,
	"ok" text NOT NULL,
	"error_code" text,
	"status" integer,
	"duration_ms" integer NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "cashbox_profiles" ADD CONSTRAINT "cashbox_profiles_portal_id_portals_id_fk" FOREIGN KEY ("portal_id") REFERENCES "public"."portals"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_portal_id_portals_id_fk" FOREIGN KEY ("portal_id") REFERENCES "public"."portals"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rest_calls" ADD CONSTRAINT "rest_calls_portal_id_portals_id_fk" FOREIGN KEY ("portal_id") REFERENCES "public"."portals"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "cashbox_profiles_portal_idx" ON "cashbox_profiles" USING btree ("portal_id");--> statement-breakpoint
CREATE INDEX "audit_log_portal_at_idx" ON "audit_log" USING btree ("portal_id","at");--> statement-breakpoint
CREATE INDEX "rest_calls_portal_at_idx" ON "rest_calls" USING btree ("portal_id","at");