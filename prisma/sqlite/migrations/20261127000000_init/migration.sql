-- CreateTable
CREATE TABLE "oauth_clients" (
    "client_id" TEXT NOT NULL PRIMARY KEY,
    "client_secret_digest" TEXT,
    "client_id_issued_at" DATETIME NOT NULL,
    "client_secret_expires_at" DATETIME,
    "metadata" JSONB NOT NULL
);

-- CreateTable
CREATE TABLE "oauth_tokens" (
    "access_token_digest" TEXT NOT NULL PRIMARY KEY,
    "refresh_token_digest" TEXT,
    "family_id" TEXT NOT NULL,
    "client_id" TEXT NOT NULL,
    "user_id" TEXT,
    "scope" TEXT NOT NULL,
    "token_type" TEXT NOT NULL,
    "grant_type" TEXT NOT NULL,
    "issued_at" DATETIME NOT NULL,
    "access_token_expires_at" DATETIME NOT NULL,
    "refresh_token_expires_at" DATETIME,
    "revoked_at" DATETIME,
    "rotated_at" DATETIME
);

-- CreateTable
CREATE TABLE "oauth_authorization_codes" (
    "code_digest" TEXT NOT NULL PRIMARY KEY,
    "client_id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "redirect_uri" TEXT,
    "scope" TEXT NOT NULL,
    "code_challenge" TEXT,
    "code_challenge_method" TEXT,
    "nonce" TEXT,
    "family_id" TEXT NOT NULL,
    "issued_at" DATETIME NOT NULL,
    "expires_at" DATETIME NOT NULL,
    "consumed_at" DATETIME,
    "replayed_at" DATETIME
);

-- CreateIndex
CREATE UNIQUE INDEX "oauth_tokens_refresh_token_digest_key" ON "oauth_tokens"("refresh_token_digest");

-- CreateIndex
CREATE INDEX "oauth_tokens_family_id_idx" ON "oauth_tokens"("family_id");

-- CreateIndex
CREATE INDEX "oauth_tokens_client_id_idx" ON "oauth_tokens"("client_id");

-- CreateIndex
CREATE INDEX "oauth_tokens_access_token_expires_at_idx" ON "oauth_tokens"("access_token_expires_at");

-- CreateIndex
CREATE INDEX "oauth_tokens_refresh_token_expires_at_idx" ON "oauth_tokens"("refresh_token_expires_at");

-- CreateIndex
CREATE INDEX "oauth_authorization_codes_client_id_idx" ON "oauth_authorization_codes"("client_id");

-- CreateIndex
CREATE INDEX "oauth_authorization_codes_expires_at_idx" ON "oauth_authorization_codes"("expires_at");
