-- Written by hand, like the first migration: Prisma's schema engine cannot diff MySQL offline.
-- The tests apply both files and compare the tables with mysql/schema.prisma.
-- `extensions` is LONGTEXT (what MariaDB's JSON is, without the check) in the tables'
-- utf8mb4_bin: the stores write and read it as JSON text. The replay table uses utf8mb4_bin
-- too, so that keys match exactly.

-- AlterTable
ALTER TABLE `oauth_authorization_codes` ADD COLUMN `extensions` LONGTEXT NULL;

-- AlterTable
ALTER TABLE `oauth_tokens` ADD COLUMN `extensions` LONGTEXT NULL;

-- CreateTable
CREATE TABLE `oauth_replay_ids` (
    `replay_key` VARCHAR(321) NOT NULL,
    `expires_at` DATETIME(3) NOT NULL,

    INDEX `oauth_replay_ids_expires_at_idx`(`expires_at`),
    PRIMARY KEY (`replay_key`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
