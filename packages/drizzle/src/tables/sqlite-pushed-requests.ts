import * as sqliteCore from 'drizzle-orm/sqlite-core';

// Kept free of relative imports and of names the base table file uses (`oauthkit schema`
// prints both as one file): drizzle-kit loads this file on its own
// (drizzle.sqlite.config.ts lists it beside sqlite.ts) to generate `migrations/sqlite`.

const pushedAt = (name: string) => sqliteCore.integer(name, { mode: 'timestamp_ms' });

/**
 * Pushed authorization requests (RFC 9126), keyed by the digest of their `request_uri`.
 * A row is written once, read, and deleted when used: `consumePushedRequest` is one
 * `DELETE ... WHERE request_uri_digest = ? AND client_id = ? RETURNING *`.
 */
export const oauthPushedRequests = sqliteCore.sqliteTable(
  'oauth_pushed_requests',
  {
    requestUriDigest: sqliteCore.text('request_uri_digest').primaryKey(),
    clientId: sqliteCore.text('client_id').notNull(),
    parameters: sqliteCore.text('parameters').notNull(),
    issuedAt: pushedAt('issued_at').notNull(),
    expiresAt: pushedAt('expires_at').notNull(),
  },
  // deleteExpired matches `expires_at <= now`.
  (t) => [sqliteCore.index('oauth_pushed_requests_expires_at_idx').on(t.expiresAt)],
);
