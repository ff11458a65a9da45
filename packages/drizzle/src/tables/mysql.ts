import type { ClientMetadata } from '@oauthkit/core';
import {
  datetime,
  index,
  int,
  json,
  longtext,
  mysqlTable,
  text,
  uniqueIndex,
  varbinary,
  varchar,
} from 'drizzle-orm/mysql-core';

// Kept free of relative imports: drizzle-kit loads this file on its own to generate the
// migrations in `migrations/mysql`.

// DATETIME(3) rather than TIMESTAMP: no 2038 limit, no session time zone applied; drizzle
// writes and reads it as UTC.
const at = (name: string) => datetime(name, { mode: 'date', fsp: 3 });
// Indexed columns need a length in MySQL. Digests are hex SHA-256 (64 characters) today;
// the headroom lets a longer digest arrive without a migration.
const digest = (name: string) => varchar(name, { length: 128 });
const id = (name: string) => varchar(name, { length: 255 });

/**
 * Registered clients. The secret is kept only as its SHA-256 digest; the RFC 7591 metadata
 * is one `json` document (on MariaDB, `JSON` is `LONGTEXT` checked by `JSON_VALID`).
 *
 * @example
 * import * as oauth from '@oauthkit/drizzle/mysql';
 * const db = drizzle({ client: pool, schema: { ...oauth, ...mySchema }, mode: 'default' });
 */
export const oauthClients = mysqlTable('oauth_clients', {
  clientId: id('client_id').primaryKey(),
  clientSecretDigest: digest('client_secret_digest'),
  clientIdIssuedAt: at('client_id_issued_at').notNull(),
  clientSecretExpiresAt: at('client_secret_expires_at'),
  metadata: json('metadata').$type<ClientMetadata>().notNull(),
  /** SHA-256 digest of the registration access token (RFC 7592); added by migration 0004. */
  registrationAccessTokenDigest: digest('registration_access_token_digest'),
});

/**
 * Issued tokens, one row per access token with the refresh token issued beside it. The
 * primary key is the access-token digest; the refresh-token digest has its own unique index.
 */
export const oauthTokens = mysqlTable(
  'oauth_tokens',
  {
    accessTokenDigest: digest('access_token_digest').primaryKey(),
    refreshTokenDigest: digest('refresh_token_digest'),
    familyId: id('family_id').notNull(),
    clientId: id('client_id').notNull(),
    userId: id('user_id'),
    scope: text('scope').notNull(),
    tokenType: varchar('token_type', { length: 64 }).notNull(),
    grantType: id('grant_type').notNull(),
    issuedAt: at('issued_at').notNull(),
    accessTokenExpiresAt: at('access_token_expires_at').notNull(),
    refreshTokenExpiresAt: at('refresh_token_expires_at'),
    revokedAt: at('revoked_at'),
    rotatedAt: at('rotated_at'),
    // RecordExtensions as one JSON text; NULL (rows from before the column) reads as {}.
    extensions: longtext('extensions'),
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
export const oauthAuthorizationCodes = mysqlTable(
  'oauth_authorization_codes',
  {
    codeDigest: digest('code_digest').primaryKey(),
    clientId: id('client_id').notNull(),
    userId: id('user_id').notNull(),
    redirectUri: text('redirect_uri'),
    scope: text('scope').notNull(),
    codeChallenge: varchar('code_challenge', { length: 255 }),
    codeChallengeMethod: varchar('code_challenge_method', { length: 32 }),
    nonce: text('nonce'),
    familyId: id('family_id').notNull(),
    issuedAt: at('issued_at').notNull(),
    expiresAt: at('expires_at').notNull(),
    consumedAt: at('consumed_at'),
    replayedAt: at('replayed_at'),
    // RecordExtensions as one JSON text; NULL (rows from before the column) reads as {}.
    extensions: longtext('extensions'),
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
 * The key is binary on MySQL/MariaDB, so that it matches byte for byte (no collation folds
 * case or trailing spaces); 1284 bytes hold `<namespace>:<id>` (321 characters) in UTF-8.
 */
export const oauthReplayIds = mysqlTable(
  'oauth_replay_ids',
  {
    replayKey: varbinary('replay_key', { length: 1284 }).primaryKey(),
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
 * The digests are binary on MySQL/MariaDB, so that they match byte for byte (no collation
 * folds case or trailing spaces).
 */
export const oauthDeviceCodes = mysqlTable(
  'oauth_device_codes',
  {
    deviceCodeDigest: varbinary('device_code_digest', { length: 128 }).primaryKey(),
    userCodeDigest: varbinary('user_code_digest', { length: 128 }).notNull(),
    clientId: id('client_id').notNull(),
    scope: text('scope').notNull(),
    familyId: id('family_id').notNull(),
    issuedAt: at('issued_at').notNull(),
    expiresAt: at('expires_at').notNull(),
    // Seconds between polls (RFC 8628 3.5); `interval` is a reserved word in SQL.
    interval: int('interval_seconds').notNull(),
    status: varchar('status', { length: 16 }).$type<'pending' | 'approved' | 'denied'>().notNull(),
    userId: id('user_id'),
    grantedScope: text('granted_scope'),
    decidedAt: at('decided_at'),
    lastPolledAt: at('last_polled_at'),
    redeemedAt: at('redeemed_at'),
    // RecordExtensions as one JSON text; NULL reads as {}.
    extensions: longtext('extensions'),
  },
  (t) => [
    uniqueIndex('oauth_device_codes_user_code_digest_key').on(t.userCodeDigest),
    index('oauth_device_codes_client_id_idx').on(t.clientId),
    // deleteExpired matches `expires_at <= now`.
    index('oauth_device_codes_expires_at_idx').on(t.expiresAt),
  ],
);
