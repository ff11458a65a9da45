import * as pgCore from 'drizzle-orm/pg-core';

// Kept free of relative imports and of names the base table file uses (`oauthkit schema`
// prints both as one file): drizzle-kit loads this file on its own (drizzle.pg.config.ts
// lists it beside pg.ts) to generate the migrations in `migrations/pg`.

const pushedAt = (name: string) => pgCore.timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * Pushed authorization requests (RFC 9126), keyed by the digest of their `request_uri`.
 * A row is written once, read, and deleted when used: `consumePushedRequest` is one
 * `DELETE ... WHERE request_uri_digest = ? AND client_id = ? RETURNING *`.
 */
export const oauthPushedRequests = pgCore.pgTable(
  'oauth_pushed_requests',
  {
    requestUriDigest: pgCore.text('request_uri_digest').primaryKey(),
    clientId: pgCore.text('client_id').notNull(),
    // The authorization request, form-encoded (at most 64 KiB).
    parameters: pgCore.text('parameters').notNull(),
    issuedAt: pushedAt('issued_at').notNull(),
    expiresAt: pushedAt('expires_at').notNull(),
  },
  // deleteExpired matches `expires_at <= now`.
  (t) => [pgCore.index('oauth_pushed_requests_expires_at_idx').on(t.expiresAt)],
);
