CREATE TABLE `oauth_replay_ids` (
	`replay_key` text PRIMARY KEY NOT NULL,
	`expires_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `oauth_replay_ids_expires_at_idx` ON `oauth_replay_ids` (`expires_at`);--> statement-breakpoint
ALTER TABLE `oauth_authorization_codes` ADD `extensions` text;--> statement-breakpoint
ALTER TABLE `oauth_tokens` ADD `extensions` text;