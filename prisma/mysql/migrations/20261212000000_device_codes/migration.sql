-- Written by hand, like the earlier migrations: Prisma's schema engine cannot diff MySQL
-- offline. The tests apply every file and compare the tables with mysql/schema.prisma.
-- utf8mb4_bin, like the other tables: the digests must match exactly, never case- or
-- accent-insensitively.

-- CreateTable
CREATE TABLE `oauth_device_codes` (
    `device_code_digest` VARCHAR(191) NOT NULL,
    `user_code_digest` VARCHAR(191) NOT NULL,
    `client_id` VARCHAR(191) NOT NULL,
    `scope` TEXT NOT NULL,
    `family_id` VARCHAR(191) NOT NULL,
    `issued_at` DATETIME(3) NOT NULL,
    `expires_at` DATETIME(3) NOT NULL,
    `interval` INTEGER NOT NULL,
    `status` VARCHAR(191) NOT NULL,
    `user_id` VARCHAR(191) NULL,
    `granted_scope` TEXT NULL,
    `decided_at` DATETIME(3) NULL,
    `last_polled_at` DATETIME(3) NULL,
    `redeemed_at` DATETIME(3) NULL,
    `extensions` LONGTEXT NULL,

    UNIQUE INDEX `oauth_device_codes_user_code_digest_key`(`user_code_digest`),
    INDEX `oauth_device_codes_client_id_idx`(`client_id`),
    INDEX `oauth_device_codes_expires_at_idx`(`expires_at`),
    PRIMARY KEY (`device_code_digest`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
