CREATE TABLE `oauth_pushed_requests` (
	`request_uri_digest` varbinary(128) NOT NULL,
	`client_id` varchar(255) NOT NULL,
	`parameters` mediumtext NOT NULL,
	`issued_at` datetime(3) NOT NULL,
	`expires_at` datetime(3) NOT NULL,
	CONSTRAINT `oauth_pushed_requests_request_uri_digest` PRIMARY KEY(`request_uri_digest`)
);
--> statement-breakpoint
CREATE INDEX `oauth_pushed_requests_expires_at_idx` ON `oauth_pushed_requests` (`expires_at`);