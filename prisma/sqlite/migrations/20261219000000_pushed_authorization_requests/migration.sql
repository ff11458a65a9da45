-- CreateTable
CREATE TABLE "oauth_pushed_requests" (
    "request_uri_digest" TEXT NOT NULL PRIMARY KEY,
    "client_id" TEXT NOT NULL,
    "parameters" TEXT NOT NULL,
    "issued_at" DATETIME NOT NULL,
    "expires_at" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "oauth_pushed_requests_expires_at_idx" ON "oauth_pushed_requests"("expires_at");
