-- AlterTable
ALTER TABLE "oauth_authorization_codes" ADD COLUMN     "extensions" TEXT;

-- AlterTable
ALTER TABLE "oauth_tokens" ADD COLUMN     "extensions" TEXT;

-- CreateTable
CREATE TABLE "oauth_replay_ids" (
    "replay_key" TEXT NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "oauth_replay_ids_pkey" PRIMARY KEY ("replay_key")
);

-- CreateIndex
CREATE INDEX "oauth_replay_ids_expires_at_idx" ON "oauth_replay_ids"("expires_at");
