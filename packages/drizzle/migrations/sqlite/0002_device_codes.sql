CREATE TABLE `oauth_device_codes` (
	`device_code_digest` text PRIMARY KEY NOT NULL,
	`user_code_digest` text NOT NULL,
	`client_id` text NOT NULL,
	`scope` text NOT NULL,
	`family_id` text NOT NULL,
	`issued_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`interval_seconds` integer NOT NULL,
	`status` text NOT NULL,
	`user_id` text,
	`granted_scope` text,
	`decided_at` integer,
	`last_polled_at` integer,
	`redeemed_at` integer,
	`extensions` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `oauth_device_codes_user_code_digest_key` ON `oauth_device_codes` (`user_code_digest`);--> statement-breakpoint
CREATE INDEX `oauth_device_codes_client_id_idx` ON `oauth_device_codes` (`client_id`);--> statement-breakpoint
CREATE INDEX `oauth_device_codes_expires_at_idx` ON `oauth_device_codes` (`expires_at`);