CREATE TABLE `oauth_pushed_requests` (
	`request_uri_digest` text PRIMARY KEY NOT NULL,
	`client_id` text NOT NULL,
	`parameters` text NOT NULL,
	`issued_at` integer NOT NULL,
	`expires_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `oauth_pushed_requests_expires_at_idx` ON `oauth_pushed_requests` (`expires_at`);