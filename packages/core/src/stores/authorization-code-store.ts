import type { RecordExtensions } from './record-extensions.js';
import type { TokenRecord, TokenStore } from './token-store.js';

/**
 * An authorization code as a store keeps it: only its SHA-256 digest, and everything it was
 * bound to at the authorization endpoint (RFC 6749 4.1.2, RFC 7636 4.4).
 */
export interface AuthorizationCodeRecord {
  codeDigest: string;
  clientId: string;
  userId: string;
  /** The `redirect_uri` sent to the authorization endpoint, or `null` if it was omitted. */
  redirectUri: string | null;
  scope: string;
  codeChallenge: string | null;
  codeChallengeMethod: string | null;
  nonce: string | null;
  /** The family every token issued from this code will belong to. */
  familyId: string;
  issuedAt: Date;
  expiresAt: Date;
  /** Set by the one `consumeCode` call that won. */
  consumedAt: Date | null;
  /** Set by any later `consumeCode` call: the code was replayed. */
  replayedAt: Date | null;
  /**
   * What modules keep with the code (OpenID Connect's `auth_time`, `acr`, requested claims;
   * RFC 8707 resources), handed on to the tokens issued from it. Stores keep it as one JSON
   * value; see {@link RecordExtensions}. `{}` when there are none. A store reads `{}` for a
   * row written before it kept them (a NULL column, a missing hash field or path).
   */
  extensions: RecordExtensions;
}

/** What `consumeCode` found: see {@link AuthorizationCodeStore.consumeCode}. */
export type ConsumeCodeResult =
  | { status: 'consumed'; code: AuthorizationCodeRecord }
  | { status: 'replayed'; code: AuthorizationCodeRecord }
  | { status: 'not_found' };

/**
 * Where authorization codes live until they expire. Consumed codes are kept (not deleted)
 * until `expiresAt`, so that a replay is recognised and the tokens issued from the code can
 * be revoked (RFC 6749 4.1.2, 10.5).
 */
export interface AuthorizationCodeStore {
  /** Inserts a new code; rejects when the digest is already stored (never overwrite). */
  saveCode(record: AuthorizationCodeRecord): Promise<void>;
  findCode(codeDigest: string): Promise<AuthorizationCodeRecord | null>;
  /**
   * Atomically marks the code consumed. Exactly one of any number of concurrent calls for one
   * digest resolves `consumed` (with the record as it was before); every other call sets
   * `replayedAt` (if unset) and resolves `replayed` with the record. Unknown digest:
   * `not_found`. Expiry is not checked here: an expired code is still consumed, then refused
   * by the server (a store that drops codes at `expiresAt` answers `not_found`, refused too).
   */
  consumeCode(codeDigest: string, now: Date): Promise<ConsumeCodeResult>;
  /**
   * Optional: a code exchange in one atomic step. Consumes the code exactly as
   * {@link consumeCode} does (same statuses, same record, same marks) and, only when this call
   * consumed it, saves `token` as `tokens.saveToken(token)` would, in the same transaction (or
   * script, or statement): after it resolves `consumed`, the tokens exist; after it resolves
   * anything else, nothing was saved. So a replay that sees the code consumed always finds the
   * tokens it must revoke, and the server does not read the code again after saving.
   *
   * `tokens` is the server's token store: a store resolves `undefined` (and does nothing) when
   * it is not the token store created together with this code store, and the server then
   * consumes, saves and reads the mark in separate calls. Rejects (and saves nothing, consumes
   * nothing) when the token cannot be saved, like `saveToken` on a digest already stored.
   */
  redeemCode?(
    codeDigest: string,
    now: Date,
    token: TokenRecord,
    tokens: TokenStore,
  ): Promise<ConsumeCodeResult | undefined>;
  /**
   * Deletes every code whose `expiresAt <= now`, consumed or not (an unexpired consumed code
   * stays: it is what recognises a replay). Resolves the number of codes this call deleted.
   * The same guarantees as `TokenStore.deleteExpired`: the condition is part of the delete
   * itself, so it is safe concurrently with `consumeCode` and with itself; large tables are
   * deleted in batches; Redis and MongoDB, which drop codes at `expiresAt` on their own,
   * still delete what has expired at `now` and not been dropped yet.
   *
   * @example
   * const deleted = await stores.codes.deleteExpired(new Date());
   */
  deleteExpired(now: Date): Promise<number>;
}
