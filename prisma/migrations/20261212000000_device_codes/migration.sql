-- CreateTable
CREATE TABLE "oauth_device_codes" (
    "device_code_digest" TEXT NOT NULL,
    "user_code_digest" TEXT NOT NULL,
    "client_id" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "family_id" TEXT NOT NULL,
    "issued_at" TIMESTAMPTZ(3) NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "interval" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "user_id" TEXT,
    "granted_scope" TEXT,
    "decided_at" TIMESTAMPTZ(3),
    "last_polled_at" TIMESTAMPTZ(3),
    "redeemed_at" TIMESTAMPTZ(3),
    "extensions" TEXT,

    CONSTRAINT "oauth_device_codes_pkey" PRIMARY KEY ("device_code_digest")
);

-- CreateIndex
CREATE UNIQUE INDEX "oauth_device_codes_user_code_digest_key" ON "oauth_device_codes"("user_code_digest");

-- CreateIndex
CREATE INDEX "oauth_device_codes_client_id_idx" ON "oauth_device_codes"("client_id");

-- CreateIndex
CREATE INDEX "oauth_device_codes_expires_at_idx" ON "oauth_device_codes"("expires_at");
