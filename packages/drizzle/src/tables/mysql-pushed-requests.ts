import * as mysqlCore from 'drizzle-orm/mysql-core';

// Kept free of relative imports and of names the base table file uses (`oauthkit schema`
// prints both as one file): drizzle-kit loads this file on its own (drizzle.mysql.config.ts
// lists it beside mysql.ts) to generate the migrations in `migrations/mysql`.

const pushedAt = (name: string) => mysqlCore.datetime(name, { mode: 'date', fsp: 3 });

/**
 * Pushed authorization requests (RFC 9126), keyed by the digest of their `request_uri`
 * (binary, so it matches byte for byte). A row is written once, read, and deleted when used:
 * of concurrent `DELETE ... WHERE request_uri_digest = ? AND client_id = ?` one removes it.
 * MEDIUMTEXT: the parameters may reach 64 KiB, one byte more than TEXT holds.
 */
export const oauthPushedRequests = mysqlCore.mysqlTable(
  'oauth_pushed_requests',
  {
    requestUriDigest: mysqlCore.varbinary('request_uri_digest', { length: 128 }).primaryKey(),
    clientId: mysqlCore.varchar('client_id', { length: 255 }).notNull(),
    parameters: mysqlCore.mediumtext('parameters').notNull(),
    issuedAt: pushedAt('issued_at').notNull(),
    expiresAt: pushedAt('expires_at').notNull(),
  },
  // deleteExpired matches `expires_at <= now`.
  (t) => [mysqlCore.index('oauth_pushed_requests_expires_at_idx').on(t.expiresAt)],
);
