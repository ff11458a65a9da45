-- AlterTable
ALTER TABLE "oauth_clients" ADD COLUMN "registration_access_token_digest" TEXT;
