import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

// Kept free of relative imports: drizzle-kit loads this file on its own
// (drizzle.sqlite.config.ts lists it beside sqlite.ts) to generate `migrations/sqlite`.

const at = (name: string) => integer(name, { mode: 'timestamp_ms' });

/**
 * Pushed authorization requests (RFC 9126), keyed by the digest of their `request_uri`.
 * A row is written once, read, and deleted when used: `consumePushedRequest` is one
 * `DELETE ... WHERE request_uri_digest = ? AND client_id = ? RETURNING *`.
 */
export const oauthPushedRequests = sqliteTable(
  'oauth_pushed_requests',
  {
    requestUriDigest: text('request_uri_digest').primaryKey(),
    clientId: text('client_id').notNull(),
    parameters: text('parameters').notNull(),
    issuedAt: at('issued_at').notNull(),
    expiresAt: at('expires_at').notNull(),
  },
  // deleteExpired matches `expires_at <= now`.
  (t) => [index('oauth_pushed_requests_expires_at_idx').on(t.expiresAt)],
);
