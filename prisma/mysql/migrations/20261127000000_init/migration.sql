-- Written by hand: Prisma's schema engine cannot diff MySQL offline. The tests apply this file
-- and compare the tables it creates with mysql/schema.prisma.
-- utf8mb4_bin rather than Prisma's default utf8mb4_unicode_ci: client ids and digests must
-- match exactly, never case- or accent-insensitively.

-- CreateTable
CREATE TABLE `oauth_clients` (
    `client_id` VARCHAR(191) NOT NULL,
    `client_secret_digest` VARCHAR(191) NULL,
    `client_id_issued_at` DATETIME(3) NOT NULL,
    `client_secret_expires_at` DATETIME(3) NULL,
    `metadata` JSON NOT NULL,

    PRIMARY KEY (`client_id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;

-- CreateTable
CREATE TABLE `oauth_tokens` (
    `access_token_digest` VARCHAR(191) NOT NULL,
    `refresh_token_digest` VARCHAR(191) NULL,
    `family_id` VARCHAR(191) NOT NULL,
    `client_id` VARCHAR(191) NOT NULL,
    `user_id` VARCHAR(191) NULL,
    `scope` TEXT NOT NULL,
    `token_type` VARCHAR(191) NOT NULL,
    `grant_type` VARCHAR(191) NOT NULL,
    `issued_at` DATETIME(3) NOT NULL,
    `access_token_expires_at` DATETIME(3) NOT NULL,
    `refresh_token_expires_at` DATETIME(3) NULL,
    `revoked_at` DATETIME(3) NULL,
    `rotated_at` DATETIME(3) NULL,

    UNIQUE INDEX `oauth_tokens_refresh_token_digest_key`(`refresh_token_digest`),
    INDEX `oauth_tokens_family_id_idx`(`family_id`),
    INDEX `oauth_tokens_client_id_idx`(`client_id`),
    INDEX `oauth_tokens_access_token_expires_at_idx`(`access_token_expires_at`),
    INDEX `oauth_tokens_refresh_token_expires_at_idx`(`refresh_token_expires_at`),
    PRIMARY KEY (`access_token_digest`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;

-- CreateTable
CREATE TABLE `oauth_authorization_codes` (
    `code_digest` VARCHAR(191) NOT NULL,
    `client_id` VARCHAR(191) NOT NULL,
    `user_id` VARCHAR(191) NOT NULL,
    `redirect_uri` TEXT NULL,
    `scope` TEXT NOT NULL,
    `code_challenge` VARCHAR(191) NULL,
    `code_challenge_method` VARCHAR(191) NULL,
    `nonce` TEXT NULL,
    `family_id` VARCHAR(191) NOT NULL,
    `issued_at` DATETIME(3) NOT NULL,
    `expires_at` DATETIME(3) NOT NULL,
    `consumed_at` DATETIME(3) NULL,
    `replayed_at` DATETIME(3) NULL,

    INDEX `oauth_authorization_codes_client_id_idx`(`client_id`),
    INDEX `oauth_authorization_codes_expires_at_idx`(`expires_at`),
    PRIMARY KEY (`code_digest`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
