CREATE TABLE "oauth_device_codes" (
	"device_code_digest" text PRIMARY KEY NOT NULL,
	"user_code_digest" text NOT NULL,
	"client_id" text NOT NULL,
	"scope" text NOT NULL,
	"family_id" text NOT NULL,
	"issued_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"interval_seconds" integer NOT NULL,
	"status" text NOT NULL,
	"user_id" text,
	"granted_scope" text,
	"decided_at" timestamp with time zone,
	"last_polled_at" timestamp with time zone,
	"redeemed_at" timestamp with time zone,
	"extensions" text
);
--> statement-breakpoint
CREATE UNIQUE INDEX "oauth_device_codes_user_code_digest_key" ON "oauth_device_codes" USING btree ("user_code_digest");--> statement-breakpoint
CREATE INDEX "oauth_device_codes_client_id_idx" ON "oauth_device_codes" USING btree ("client_id");--> statement-breakpoint
CREATE INDEX "oauth_device_codes_expires_at_idx" ON "oauth_device_codes" USING btree ("expires_at");