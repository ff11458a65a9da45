import { index, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

// Kept free of relative imports: drizzle-kit loads this file on its own (drizzle.pg.config.ts
// lists it beside pg.ts) to generate the migrations in `migrations/pg`.

const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * Pushed authorization requests (RFC 9126), keyed by the digest of their `request_uri`.
 * A row is written once, read, and deleted when used: `consumePushedRequest` is one
 * `DELETE ... WHERE request_uri_digest = ? AND client_id = ? RETURNING *`.
 */
export const oauthPushedRequests = pgTable(
  'oauth_pushed_requests',
  {
    requestUriDigest: text('request_uri_digest').primaryKey(),
    clientId: text('client_id').notNull(),
    // The authorization request, form-encoded (at most 64 KiB).
    parameters: text('parameters').notNull(),
    issuedAt: at('issued_at').notNull(),
    expiresAt: at('expires_at').notNull(),
  },
  // deleteExpired matches `expires_at <= now`.
  (t) => [index('oauth_pushed_requests_expires_at_idx').on(t.expiresAt)],
);
