import type { TokenRecord } from '@oauthkit/core';
import { Schema } from 'mongoose';
import {
  digestPath,
  nullableDatePath,
  nullableStringPath,
  presentStringPath,
} from './schema-types.js';

/** Where tokens live. */
export const TOKENS_COLLECTION = 'oauth_tokens';

/**
 * A token document: the contract's {@link TokenRecord} (with `extensions` as its JSON text,
 * `null` for none) plus `expireAt`, the moment MongoDB's TTL monitor may delete it (see
 * {@link tokenExpireAt}).
 */
export interface TokenDocument extends Omit<TokenRecord, 'extensions'> {
  extensions: string | null;
  expireAt: Date | null;
  /**
   * Present (`true`) only on a record a rotation without transactions has inserted and not yet
   * settled: its `expireAt` is then a short provisional date ({@link PROVISIONAL_TOKEN_TTL_MS}
   * after the rotation's `now`), so a rotation cut short by a crash leaves nothing that
   * outlives it.
   */
  provisional?: true;
}

/**
 * How long a record inserted by a rotation without transactions is kept before it is settled
 * (5 minutes): if the process dies before the rotation completes, the TTL index removes the
 * record, whose token was never handed out, after this long.
 */
export const PROVISIONAL_TOKEN_TTL_MS = 5 * 60_000;

/**
 * When a token record is no longer useful: once its access token has expired and its refresh
 * token (if any) has too. `null` keeps it forever (a refresh token that never expires).
 *
 * @example
 * tokenExpireAt({ ...record, refreshTokenDigest: null }); // record.accessTokenExpiresAt
 */
export function tokenExpireAt(
  record: Pick<
    TokenRecord,
    'refreshTokenDigest' | 'refreshTokenExpiresAt' | 'accessTokenExpiresAt'
  >,
): Date | null {
  if (record.refreshTokenDigest === null) return record.accessTokenExpiresAt;
  if (record.refreshTokenExpiresAt === null) return null;
  return new Date(
    Math.max(record.refreshTokenExpiresAt.getTime(), record.accessTokenExpiresAt.getTime()),
  );
}

/**
 * Mongoose schema of `oauth_tokens`: one document per issued access token, with the refresh
 * token issued beside it. Only digests are stored.
 *
 * @example
 * const Token = connection.model('OAuthToken', tokenSchema);
 */
export const tokenSchema = new Schema<TokenDocument>(
  {
    accessTokenDigest: digestPath({ required: true }),
    refreshTokenDigest: digestPath({ required: false }),
    familyId: { type: String, required: true },
    clientId: { type: String, required: true },
    userId: nullableStringPath(),
    scope: presentStringPath('scope'),
    tokenType: { type: String, required: true },
    grantType: { type: String, required: true },
    issuedAt: { type: Date, required: true },
    accessTokenExpiresAt: { type: Date, required: true },
    refreshTokenExpiresAt: nullableDatePath(),
    revokedAt: nullableDatePath(),
    rotatedAt: nullableDatePath(),
    // RecordExtensions as one JSON string: its keys (claim names are URLs) never become field
    // names. Missing or null (documents written before it) reads as {}.
    extensions: nullableStringPath(),
    expireAt: nullableDatePath(),
    // No default: the field exists only while a rotation without transactions is unsettled.
    provisional: { type: Boolean },
  },
  { collection: TOKENS_COLLECTION, versionKey: false },
);

tokenSchema.index({ accessTokenDigest: 1 }, { unique: true });
// Most tokens have no refresh token: a plain unique index would allow only one `null`.
tokenSchema.index(
  { refreshTokenDigest: 1 },
  { unique: true, partialFilterExpression: { refreshTokenDigest: { $type: 'string' } } },
);
// revokeFamily updates every record of a family.
tokenSchema.index({ familyId: 1 });
// revokeClientTokens: every token of a deleted client (RFC 7592 2.3).
tokenSchema.index({ clientId: 1 });
// The TTL monitor ignores documents whose `expireAt` is null: they are kept.
tokenSchema.index({ expireAt: 1 }, { expireAfterSeconds: 0 });
