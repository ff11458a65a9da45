CREATE TABLE "oauth_authorization_codes" (
	"code_digest" text PRIMARY KEY NOT NULL,
	"client_id" text NOT NULL,
	"user_id" text NOT NULL,
	"redirect_uri" text,
	"scope" text NOT NULL,
	"code_challenge" text,
	"code_challenge_method" text,
	"nonce" text,
	"family_id" text NOT NULL,
	"issued_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"consumed_at" timestamp with time zone,
	"replayed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "oauth_clients" (
	"client_id" text PRIMARY KEY NOT NULL,
	"client_secret_digest" text,
	"client_id_issued_at" timestamp with time zone NOT NULL,
	"client_secret_expires_at" timestamp with time zone,
	"metadata" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "oauth_tokens" (
	"access_token_digest" text PRIMARY KEY NOT NULL,
	"refresh_token_digest" text,
	"family_id" text NOT NULL,
	"client_id" text NOT NULL,
	"user_id" text,
	"scope" text NOT NULL,
	"token_type" text NOT NULL,
	"grant_type" text NOT NULL,
	"issued_at" timestamp with time zone NOT NULL,
	"access_token_expires_at" timestamp with time zone NOT NULL,
	"refresh_token_expires_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	"rotated_at" timestamp with time zone
);
--> statement-breakpoint
CREATE INDEX "oauth_authorization_codes_client_id_idx" ON "oauth_authorization_codes" USING btree ("client_id");--> statement-breakpoint
CREATE INDEX "oauth_authorization_codes_family_id_idx" ON "oauth_authorization_codes" USING btree ("family_id");--> statement-breakpoint
CREATE INDEX "oauth_authorization_codes_expires_at_idx" ON "oauth_authorization_codes" USING btree ("expires_at");--> statement-breakpoint
CREATE UNIQUE INDEX "oauth_tokens_refresh_token_digest_key" ON "oauth_tokens" USING btree ("refresh_token_digest");--> statement-breakpoint
CREATE INDEX "oauth_tokens_family_id_idx" ON "oauth_tokens" USING btree ("family_id");--> statement-breakpoint
CREATE INDEX "oauth_tokens_client_id_idx" ON "oauth_tokens" USING btree ("client_id");--> statement-breakpoint
CREATE INDEX "oauth_tokens_access_token_expires_at_idx" ON "oauth_tokens" USING btree ("access_token_expires_at");--> statement-breakpoint
CREATE INDEX "oauth_tokens_refresh_token_expires_at_idx" ON "oauth_tokens" USING btree ("refresh_token_expires_at");