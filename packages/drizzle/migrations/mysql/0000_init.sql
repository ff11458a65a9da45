CREATE TABLE `oauth_authorization_codes` (
	`code_digest` varchar(128) NOT NULL,
	`client_id` varchar(255) NOT NULL,
	`user_id` varchar(255) NOT NULL,
	`redirect_uri` text,
	`scope` text NOT NULL,
	`code_challenge` varchar(255),
	`code_challenge_method` varchar(32),
	`nonce` text,
	`family_id` varchar(255) NOT NULL,
	`issued_at` datetime(3) NOT NULL,
	`expires_at` datetime(3) NOT NULL,
	`consumed_at` datetime(3),
	`replayed_at` datetime(3),
	CONSTRAINT `oauth_authorization_codes_code_digest` PRIMARY KEY(`code_digest`)
);
--> statement-breakpoint
CREATE TABLE `oauth_clients` (
	`client_id` varchar(255) NOT NULL,
	`client_secret_digest` varchar(128),
	`client_id_issued_at` datetime(3) NOT NULL,
	`client_secret_expires_at` datetime(3),
	`metadata` json NOT NULL,
	CONSTRAINT `oauth_clients_client_id` PRIMARY KEY(`client_id`)
);
--> statement-breakpoint
CREATE TABLE `oauth_tokens` (
	`access_token_digest` varchar(128) NOT NULL,
	`refresh_token_digest` varchar(128),
	`family_id` varchar(255) NOT NULL,
	`client_id` varchar(255) NOT NULL,
	`user_id` varchar(255),
	`scope` text NOT NULL,
	`token_type` varchar(64) NOT NULL,
	`grant_type` varchar(255) NOT NULL,
	`issued_at` datetime(3) NOT NULL,
	`access_token_expires_at` datetime(3) NOT NULL,
	`refresh_token_expires_at` datetime(3),
	`revoked_at` datetime(3),
	`rotated_at` datetime(3),
	CONSTRAINT `oauth_tokens_access_token_digest` PRIMARY KEY(`access_token_digest`),
	CONSTRAINT `oauth_tokens_refresh_token_digest_key` UNIQUE(`refresh_token_digest`)
);
--> statement-breakpoint
CREATE INDEX `oauth_authorization_codes_client_id_idx` ON `oauth_authorization_codes` (`client_id`);--> statement-breakpoint
CREATE INDEX `oauth_authorization_codes_family_id_idx` ON `oauth_authorization_codes` (`family_id`);--> statement-breakpoint
CREATE INDEX `oauth_authorization_codes_expires_at_idx` ON `oauth_authorization_codes` (`expires_at`);--> statement-breakpoint
CREATE INDEX `oauth_tokens_family_id_idx` ON `oauth_tokens` (`family_id`);--> statement-breakpoint
CREATE INDEX `oauth_tokens_client_id_idx` ON `oauth_tokens` (`client_id`);--> statement-breakpoint
CREATE INDEX `oauth_tokens_access_token_expires_at_idx` ON `oauth_tokens` (`access_token_expires_at`);--> statement-breakpoint
CREATE INDEX `oauth_tokens_refresh_token_expires_at_idx` ON `oauth_tokens` (`refresh_token_expires_at`);