-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "oauth_clients" (
    "client_id" TEXT NOT NULL,
    "client_secret_digest" TEXT,
    "client_id_issued_at" TIMESTAMPTZ(3) NOT NULL,
    "client_secret_expires_at" TIMESTAMPTZ(3),
    "metadata" JSONB NOT NULL,

    CONSTRAINT "oauth_clients_pkey" PRIMARY KEY ("client_id")
);

-- CreateTable
CREATE TABLE "oauth_tokens" (
    "access_token_digest" TEXT NOT NULL,
    "refresh_token_digest" TEXT,
    "family_id" TEXT NOT NULL,
    "client_id" TEXT NOT NULL,
    "user_id" TEXT,
    "scope" TEXT NOT NULL,
    "token_type" TEXT NOT NULL,
    "grant_type" TEXT NOT NULL,
    "issued_at" TIMESTAMPTZ(3) NOT NULL,
    "access_token_expires_at" TIMESTAMPTZ(3) NOT NULL,
    "refresh_token_expires_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),
    "rotated_at" TIMESTAMPTZ(3),

    CONSTRAINT "oauth_tokens_pkey" PRIMARY KEY ("access_token_digest")
);

-- CreateTable
CREATE TABLE "oauth_authorization_codes" (
    "code_digest" TEXT NOT NULL,
    "client_id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "redirect_uri" TEXT,
    "scope" TEXT NOT NULL,
    "code_challenge" TEXT,
    "code_challenge_method" TEXT,
    "nonce" TEXT,
    "family_id" TEXT NOT NULL,
    "issued_at" TIMESTAMPTZ(3) NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "consumed_at" TIMESTAMPTZ(3),
    "replayed_at" TIMESTAMPTZ(3),

    CONSTRAINT "oauth_authorization_codes_pkey" PRIMARY KEY ("code_digest")
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
