-- Written by hand, like the earlier migrations: Prisma's schema engine cannot diff MySQL
-- offline. The tests apply every file and compare the tables with mysql/schema.prisma.
-- utf8mb4_bin, like the other tables: the digests must match exactly, never case- or
-- accent-insensitively. MEDIUMTEXT: a pushed request's parameters may reach 64 KiB, one
-- byte more than TEXT holds.

-- CreateTable
CREATE TABLE `oauth_pushed_requests` (
    `request_uri_digest` VARCHAR(191) NOT NULL,
    `client_id` VARCHAR(191) NOT NULL,
    `parameters` MEDIUMTEXT NOT NULL,
    `issued_at` DATETIME(3) NOT NULL,
    `expires_at` DATETIME(3) NOT NULL,

    INDEX `oauth_pushed_requests_expires_at_idx`(`expires_at`),
    PRIMARY KEY (`request_uri_digest`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
