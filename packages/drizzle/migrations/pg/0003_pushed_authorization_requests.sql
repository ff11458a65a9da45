CREATE TABLE "oauth_pushed_requests" (
	"request_uri_digest" text PRIMARY KEY NOT NULL,
	"client_id" text NOT NULL,
	"parameters" text NOT NULL,
	"issued_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "oauth_pushed_requests_expires_at_idx" ON "oauth_pushed_requests" USING btree ("expires_at");