-- CreateTable
CREATE TABLE "oauth_pushed_requests" (
    "request_uri_digest" TEXT NOT NULL,
    "client_id" TEXT NOT NULL,
    "parameters" TEXT NOT NULL,
    "issued_at" TIMESTAMPTZ(3) NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "oauth_pushed_requests_pkey" PRIMARY KEY ("request_uri_digest")
);

-- CreateIndex
CREATE INDEX "oauth_pushed_requests_expires_at_idx" ON "oauth_pushed_requests"("expires_at");
