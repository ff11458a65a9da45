CREATE TABLE "oauth_replay_ids" (
	"replay_key" text PRIMARY KEY NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "oauth_authorization_codes" ADD COLUMN "extensions" text;--> statement-breakpoint
ALTER TABLE "oauth_tokens" ADD COLUMN "extensions" text;--> statement-breakpoint
CREATE INDEX "oauth_replay_ids_expires_at_idx" ON "oauth_replay_ids" USING btree ("expires_at");