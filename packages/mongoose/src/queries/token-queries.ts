import type { Model } from 'mongoose';
import type { TokenDocument } from '../schemas/token-schema.js';

export function findByAccessTokenQuery(Token: Model<TokenDocument>, accessTokenDigest: string) {
  return Token.findOne({ accessTokenDigest }).lean<TokenDocument>();
}

/**
 * The filter on a refresh digest. The unique index on `refreshTokenDigest` is partial (only
 * string values are indexed), and the planner uses a partial index only for a query whose
 * filter implies the index's `partialFilterExpression`: `$type: 'string'` says so, where a
 * bare equality would scan the collection.
 */
export function byRefreshDigest(refreshTokenDigest: string) {
  return { refreshTokenDigest: { $eq: refreshTokenDigest, $type: 'string' as const } };
}

export function findByRefreshTokenQuery(Token: Model<TokenDocument>, refreshTokenDigest: string) {
  return Token.findOne(byRefreshDigest(refreshTokenDigest)).lean<TokenDocument>();
}

/**
 * The "did I win?" step of a rotation: matches only while the refresh token is neither
 * revoked nor rotated, and only in the family of the new record, so of concurrent calls
 * exactly one modifies the document.
 */
export function claimRefreshTokenQuery(
  Token: Model<TokenDocument>,
  refreshTokenDigest: string,
  familyId: string,
  now: Date,
) {
  return Token.updateOne(
    { ...byRefreshDigest(refreshTokenDigest), familyId, revokedAt: null, rotatedAt: null },
    { $set: { rotatedAt: now, revokedAt: now } },
  );
}

/**
 * The last step of a rotation without transactions, once its claim won: the record inserted
 * as provisional gets its real TTL date. Matches only while the record is still provisional,
 * so a record that is gone (the TTL monitor was faster) modifies nothing and the rotation
 * fails closed.
 */
export function settleTokenQuery(
  Token: Model<TokenDocument>,
  accessTokenDigest: string,
  expireAt: Date | null,
) {
  return Token.updateOne(
    { accessTokenDigest, provisional: true },
    { $set: { expireAt }, $unset: { provisional: 1 } },
  );
}

/** Undoes the insert of a rotation that lost its claim. */
export function deleteTokenQuery(Token: Model<TokenDocument>, accessTokenDigest: string) {
  return Token.deleteOne({ accessTokenDigest });
}

export function revokeAccessTokenQuery(
  Token: Model<TokenDocument>,
  accessTokenDigest: string,
  now: Date,
) {
  return Token.updateOne({ accessTokenDigest, revokedAt: null }, { $set: { revokedAt: now } });
}

/** One pass of revokeFamily; the store repeats it until a pass modifies nothing. */
export function revokeFamilyQuery(Token: Model<TokenDocument>, familyId: string, now: Date) {
  return Token.updateMany({ familyId, revokedAt: null }, { $set: { revokedAt: now } });
}

/** Revokes the client's unrevoked tokens, on the `clientId` index (`revokeClientTokens`). */
export function revokeClientTokensQuery(Token: Model<TokenDocument>, clientId: string, now: Date) {
  return Token.updateMany({ clientId, revokedAt: null }, { $set: { revokedAt: now } });
}

/**
 * The tokens expired at `now`: `expireAt` is when both the access and the refresh token (if
 * any) have expired, `null` when never (see `tokenExpireAt`), so this is the contract's
 * condition, on the TTL index. A provisional record (a rotation in flight) is left to the
 * rotation that settles it, or to the TTL monitor if that rotation never completes. One `deleteMany`: it removes documents one by one, without
 * locking the collection, so it needs no batching; it catches what the TTL monitor, which
 * runs every 60 s, has not removed yet.
 */
export function deleteExpiredTokensQuery(Token: Model<TokenDocument>, now: Date) {
  return Token.deleteMany({ expireAt: { $lte: now }, provisional: { $ne: true } });
}
