CREATE TABLE `oauth_device_codes` (
	`device_code_digest` varbinary(128) NOT NULL,
	`user_code_digest` varbinary(128) NOT NULL,
	`client_id` varchar(255) NOT NULL,
	`scope` text NOT NULL,
	`family_id` varchar(255) NOT NULL,
	`issued_at` datetime(3) NOT NULL,
	`expires_at` datetime(3) NOT NULL,
	`interval_seconds` int NOT NULL,
	`status` varchar(16) NOT NULL,
	`user_id` varchar(255),
	`granted_scope` text,
	`decided_at` datetime(3),
	`last_polled_at` datetime(3),
	`redeemed_at` datetime(3),
	`extensions` longtext,
	CONSTRAINT `oauth_device_codes_device_code_digest` PRIMARY KEY(`device_code_digest`),
	CONSTRAINT `oauth_device_codes_user_code_digest_key` UNIQUE(`user_code_digest`)
);
--> statement-breakpoint
CREATE INDEX `oauth_device_codes_client_id_idx` ON `oauth_device_codes` (`client_id`);--> statement-breakpoint
CREATE INDEX `oauth_device_codes_expires_at_idx` ON `oauth_device_codes` (`expires_at`);