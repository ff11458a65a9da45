-- AlterTable
ALTER TABLE "oauth_authorization_codes" ADD COLUMN "extensions" TEXT;

-- AlterTable
ALTER TABLE "oauth_tokens" ADD COLUMN "extensions" TEXT;

-- CreateTable
CREATE TABLE "oauth_replay_ids" (
    "replay_key" TEXT NOT NULL PRIMARY KEY,
    "expires_at" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "oauth_replay_ids_expires_at_idx" ON "oauth_replay_ids"("expires_at");
