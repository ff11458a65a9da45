import type { RecordExtensions } from './record-extensions.js';

/**
 * One issued access token, with the refresh token issued beside it (if any). Tokens are
 * kept only as SHA-256 digests (`digestToken`): a dump of the store reveals none of them.
 *
 * Every token belongs to a family (`familyId`): the tokens descended from one authorization
 * code or one first grant, linked through refresh-token rotation. A family is revoked as a
 * whole when a rotated refresh token or a redeemed code is replayed (RFC 9700 4.14.2).
 */
export interface TokenRecord {
  accessTokenDigest: string;
  refreshTokenDigest: string | null;
  familyId: string;
  clientId: string;
  /** The resource owner's id; `null` for `client_credentials`. */
  userId: string | null;
  /** Space-separated scope, as granted. */
  scope: string;
  tokenType: string;
  grantType: string;
  issuedAt: Date;
  accessTokenExpiresAt: Date;
  /** `null` when there is no refresh token or it never expires. */
  refreshTokenExpiresAt: Date | null;
  /** Set when the token (access and refresh) is revoked. */
  revokedAt: Date | null;
  /** Set when the refresh token was exchanged for a new one (rotation). */
  rotatedAt: Date | null;
  /**
   * What modules keep with the token (OpenID Connect's `auth_time`, `acr`, requested claims;
   * RFC 8707 resources): copied from the code, kept across rotations. Stores keep it as one
   * JSON value; see {@link RecordExtensions}. `{}` when there are none. A store reads `{}` for a
   * row written before it kept them (a NULL column, a missing hash field or path).
   */
  extensions: RecordExtensions;
}

/**
 * Where tokens live. Lookups return `null` for unknown digests and never filter on
 * revocation: the server reads `revokedAt`, `rotatedAt` and the expiry dates itself, so that
 * a replayed refresh token can be told apart from an unknown one. A store may forget a record
 * once both its expiries have passed (TTL keys, TTL indexes, sweeps).
 *
 * A rejected promise is a store failure: the server fails closed (503, nothing issued).
 * Arguments the contract does not allow (an empty digest, a `next` of another family) are
 * caller mistakes: reject with a `TypeError` before touching the database, never widen the
 * operation (an `undefined` filter value must not match every row).
 */
export interface TokenStore {
  /**
   * Inserts a new record; rejects when a digest is already stored. A store may remember
   * revoked families and store a later record of such a family already revoked; the server
   * does not rely on it.
   */
  saveToken(record: TokenRecord): Promise<void>;
  findByAccessToken(accessTokenDigest: string): Promise<TokenRecord | null>;
  findByRefreshToken(refreshTokenDigest: string): Promise<TokenRecord | null>;
  /**
   * Atomically exchanges a refresh token: if the record holding `refreshTokenDigest` exists,
   * is not revoked and was not rotated, set its `rotatedAt` and `revokedAt` to `now` and
   * insert `next` and, when given, `accessOnly`, as one step; resolve `true`. Otherwise write
   * nothing and resolve `false`. Of any number of concurrent calls for one digest, at most
   * one resolves `true`.
   *
   * `next` carries the new refresh token. `accessOnly` is a record without a refresh token,
   * of the same family: the refresh grant issues one when the client asked for a narrower
   * scope (RFC 6749 6: the new refresh token keeps the old scope, the access token gets the
   * narrower one; one record holds one scope). All of it is one step because a failure
   * between "claimed the old token" and "stored what was issued for it" would leave the
   * client with a spent refresh token, whose retry then revokes the grant (SECURITY.md 29).
   *
   * `next.familyId` (and `accessOnly.familyId`) is always the old record's family: anything
   * else is a caller mistake, refused with a `TypeError` (stores may keep a family together,
   * e.g. in one Redis Cluster slot). A store without transactions may write the new records
   * first and remove them again when the claim loses, but must never leave the old record
   * unclaimed with a new record active, nor the old record claimed without every new record
   * once it resolves `true`. A rejection means nothing was claimed, or everything was written
   * (the answer was lost): never half.
   */
  rotateRefreshToken(
    refreshTokenDigest: string,
    next: TokenRecord,
    now: Date,
    accessOnly?: TokenRecord,
  ): Promise<boolean>;
  /**
   * Revokes the one record whose access token has this digest, if it is not revoked yet.
   * Resolves whether this call revoked it.
   */
  revokeAccessToken(accessTokenDigest: string, now: Date): Promise<boolean>;
  /**
   * Revokes every record of the family. When it resolves, no record of the family is active,
   * including one inserted by a `rotateRefreshToken` that was running concurrently. Resolves
   * the number of records this call revoked.
   */
  revokeFamily(familyId: string, now: Date): Promise<number>;
  /**
   * Revokes every record of the client `clientId` that is not revoked yet, whatever its
   * family: used when a client is deleted (RFC 7592 2.3), so that none of its tokens works
   * any more (SECURITY.md 41). When it resolves, no record of the client is active, including
   * one inserted by a `rotateRefreshToken` of one of its families that was running
   * concurrently (as for `revokeFamily`). Resolves the number of records this call revoked. A rejection
   * may leave some revoked and some not: the caller then keeps the client and answers 503,
   * and a retry revokes the rest. Optional for stores written before it: dynamic client
   * registration needs it, and the server checks for it at start-up.
   *
   * @example
   * const revoked = await stores.tokens.revokeClientTokens?.('client-1', new Date());
   */
  revokeClientTokens?(clientId: string, now: Date): Promise<number>;
  /**
   * Deletes the records that are of no use any more at `now`: the access token has expired
   * (`accessTokenExpiresAt <= now`) and so has the refresh token, if there is one
   * (`refreshTokenExpiresAt <= now`; a `null` expiry never passes, so such a record stays).
   * Revocation and rotation change nothing: a rotated record is what recognises a replayed
   * refresh token, so it stays until that refresh token would have expired anyway. Resolves
   * the number of records this call deleted (a record deleted by a concurrent call is counted
   * there, not here).
   *
   * Safe to run at any time, concurrently with every other method and with itself: each
   * delete carries the expiry condition itself (a single `DELETE ... WHERE`, or a script that
   * re-checks it), never a read followed by a delete. A store whose table may be huge deletes
   * in batches of a configurable size, each its own statement, so that no single statement
   * locks millions of rows (SQL). Stores that expire records natively implement it too:
   * Redis removes what its TTLs cannot (family-set members of expired records) and records
   * expired at `now` that its TTLs have not dropped yet; MongoDB runs one `deleteMany` with
   * the same condition, since its TTL monitor only runs every 60 s. The server never relies
   * on it: it checks expiry dates itself. See `startExpiredRecordCleanup` to schedule it.
   *
   * @example
   * const deleted = await stores.tokens.deleteExpired(new Date());
   */
  deleteExpired(now: Date): Promise<number>;
}
