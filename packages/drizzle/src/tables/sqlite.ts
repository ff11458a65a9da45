import type { ClientMetadata } from '@oauthkit/core';
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

// Kept free of relative imports: drizzle-kit loads this file on its own to generate the
// migrations in `migrations/sqlite`.

// Milliseconds since the epoch: the precision of a JavaScript Date, and comparable in SQL.
const at = (name: string) => integer(name, { mode: 'timestamp_ms' });

/**
 * Registered clients. The secret is kept only as its SHA-256 digest; the RFC 7591 metadata
 * is one JSON document in a `text` column.
 *
 * @example
 * import * as oauth from '@oauthkit/drizzle/sqlite';
 * const db = drizzle(new Database('app.db'), { schema: { ...oauth, ...mySchema } });
 */
export const oauthClients = sqliteTable('oauth_clients', {
  clientId: text('client_id').primaryKey(),
  clientSecretDigest: text('client_secret_digest'),
  clientIdIssuedAt: at('client_id_issued_at').notNull(),
  clientSecretExpiresAt: at('client_secret_expires_at'),
  metadata: text('metadata', { mode: 'json' }).$type<ClientMetadata>().notNull(),
  /** SHA-256 digest of the registration access token (RFC 7592); added by migration 0004. */
  registrationAccessTokenDigest: text('registration_access_token_digest'),
});

/**
 * Issued tokens, one row per access token with the refresh token issued beside it. The
 * primary key is the access-token digest; the refresh-token digest has its own unique index.
 */
export const oauthTokens = sqliteTable(
  'oauth_tokens',
  {
    accessTokenDigest: text('access_token_digest').primaryKey(),
    refreshTokenDigest: text('refresh_token_digest'),
    familyId: text('family_id').notNull(),
    clientId: text('client_id').notNull(),
    userId: text('user_id'),
    scope: text('scope').notNull(),
    tokenType: text('token_type').notNull(),
    grantType: text('grant_type').notNull(),
    issuedAt: at('issued_at').notNull(),
    accessTokenExpiresAt: at('access_token_expires_at').notNull(),
    refreshTokenExpiresAt: at('refresh_token_expires_at'),
    revokedAt: at('revoked_at'),
    rotatedAt: at('rotated_at'),
    // RecordExtensions as one JSON text; NULL (rows from before the column) reads as {}.
    extensions: text('extensions'),
  },
  (t) => [
    uniqueIndex('oauth_tokens_refresh_token_digest_key').on(t.refreshTokenDigest),
    index('oauth_tokens_family_id_idx').on(t.familyId),
    index('oauth_tokens_client_id_idx').on(t.clientId),
    // deleteExpired matches `access_token_expires_at <= now AND (refresh_token_digest IS NULL
    // OR refresh_token_expires_at <= now)`: the planner ranges over the access expiry, or
    // unions the refresh digest's NULLs with a range over the refresh expiry.
    index('oauth_tokens_access_token_expires_at_idx').on(t.accessTokenExpiresAt),
    index('oauth_tokens_refresh_token_expires_at_idx').on(t.refreshTokenExpiresAt),
  ],
);

/** Authorization codes, kept as digests until they expire (consumed ones too). */
export const oauthAuthorizationCodes = sqliteTable(
  'oauth_authorization_codes',
  {
    codeDigest: text('code_digest').primaryKey(),
    clientId: text('client_id').notNull(),
    userId: text('user_id').notNull(),
    redirectUri: text('redirect_uri'),
    scope: text('scope').notNull(),
    codeChallenge: text('code_challenge'),
    codeChallengeMethod: text('code_challenge_method'),
    nonce: text('nonce'),
    familyId: text('family_id').notNull(),
    issuedAt: at('issued_at').notNull(),
    expiresAt: at('expires_at').notNull(),
    consumedAt: at('consumed_at'),
    replayedAt: at('replayed_at'),
    // RecordExtensions as one JSON text; NULL (rows from before the column) reads as {}.
    extensions: text('extensions'),
  },
  (t) => [
    index('oauth_authorization_codes_client_id_idx').on(t.clientId),
    index('oauth_authorization_codes_family_id_idx').on(t.familyId),
    // deleteExpired matches `expires_at <= now`.
    index('oauth_authorization_codes_expires_at_idx').on(t.expiresAt),
  ],
);

/**
 * Single-use identifiers (a client assertion's `jti` digest, under its namespace) until they
 * expire: the ReplayStore. The key is `<namespace>:<id>`; `useOnce` inserts it and the
 * primary key refuses the second use.
 */
export const oauthReplayIds = sqliteTable(
  'oauth_replay_ids',
  {
    replayKey: text('replay_key').primaryKey(),
    expiresAt: at('expires_at').notNull(),
  },
  // deleteExpired matches `expires_at <= now`.
  (t) => [index('oauth_replay_ids_expires_at_idx').on(t.expiresAt)],
);

/**
 * Device authorizations (RFC 8628), kept as digests until they expire whatever their status.
 * The user-code digest is unique: `saveDeviceCode` answers `false` when it is taken. Every
 * state change is one conditional UPDATE on the row (`status = 'pending'`,
 * `redeemed_at IS NULL`, the poll's too-soon test), never a read followed by a write.
 */
export const oauthDeviceCodes = sqliteTable(
  'oauth_device_codes',
  {
    deviceCodeDigest: text('device_code_digest').primaryKey(),
    userCodeDigest: text('user_code_digest').notNull(),
    clientId: text('client_id').notNull(),
    scope: text('scope').notNull(),
    familyId: text('family_id').notNull(),
    issuedAt: at('issued_at').notNull(),
    expiresAt: at('expires_at').notNull(),
    // Seconds between polls (RFC 8628 3.5); `interval` is a reserved word in SQL.
    interval: integer('interval_seconds').notNull(),
    status: text('status').$type<'pending' | 'approved' | 'denied'>().notNull(),
    userId: text('user_id'),
    grantedScope: text('granted_scope'),
    decidedAt: at('decided_at'),
    lastPolledAt: at('last_polled_at'),
    redeemedAt: at('redeemed_at'),
    // RecordExtensions as one JSON text; NULL reads as {}.
    extensions: text('extensions'),
  },
  (t) => [
    uniqueIndex('oauth_device_codes_user_code_digest_key').on(t.userCodeDigest),
    index('oauth_device_codes_client_id_idx').on(t.clientId),
    // deleteExpired matches `expires_at <= now`.
    index('oauth_device_codes_expires_at_idx').on(t.expiresAt),
  ],
);
