import {
  datetime,
  index,
  mediumtext,
  mysqlTable,
  varbinary,
  varchar,
} from 'drizzle-orm/mysql-core';

// Kept free of relative imports: drizzle-kit loads this file on its own (drizzle.mysql.config.ts
// lists it beside mysql.ts) to generate the migrations in `migrations/mysql`.

const at = (name: string) => datetime(name, { mode: 'date', fsp: 3 });

/**
 * Pushed authorization requests (RFC 9126), keyed by the digest of their `request_uri`
 * (binary, so it matches byte for byte). A row is written once, read, and deleted when used:
 * of concurrent `DELETE ... WHERE request_uri_digest = ? AND client_id = ?` one removes it.
 * MEDIUMTEXT: the parameters may reach 64 KiB, one byte more than TEXT holds.
 */
export const oauthPushedRequests = mysqlTable(
  'oauth_pushed_requests',
  {
    requestUriDigest: varbinary('request_uri_digest', { length: 128 }).primaryKey(),
    clientId: varchar('client_id', { length: 255 }).notNull(),
    parameters: mediumtext('parameters').notNull(),
    issuedAt: at('issued_at').notNull(),
    expiresAt: at('expires_at').notNull(),
  },
  // deleteExpired matches `expires_at <= now`.
  (t) => [index('oauth_pushed_requests_expires_at_idx').on(t.expiresAt)],
);
