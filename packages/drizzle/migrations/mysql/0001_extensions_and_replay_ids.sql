CREATE TABLE `oauth_replay_ids` (
	`replay_key` varbinary(1284) NOT NULL,
	`expires_at` datetime(3) NOT NULL,
	CONSTRAINT `oauth_replay_ids_replay_key` PRIMARY KEY(`replay_key`)
);
--> statement-breakpoint
ALTER TABLE `oauth_authorization_codes` ADD `extensions` longtext;--> statement-breakpoint
ALTER TABLE `oauth_tokens` ADD `extensions` longtext;--> statement-breakpoint
CREATE INDEX `oauth_replay_ids_expires_at_idx` ON `oauth_replay_ids` (`expires_at`);