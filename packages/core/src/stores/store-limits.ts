/**
 * Limits every store shares, declared once. Each store package reads them from here (through
 * `@oauthkit/core/stores`) instead of repeating its own numbers.
 */

/**
 * Rows (records, keys) one `deleteExpired` statement or script removes at most, unless a
 * store is configured otherwise: each batch is its own short transaction, so a cleanup of a
 * large backlog never locks it all at once.
 */
export const DEFAULT_DELETE_EXPIRED_BATCH_SIZE = 1000;

/**
 * The largest parameter string of a pushed authorization request (RFC 9126) a store
 * accepts, in UTF-8 bytes: four times the default form body cap, so every request the PAR
 * endpoint accepts by default fits, and a column can be sized for it.
 */
export const MAX_PUSHED_REQUEST_PARAMETERS_BYTES = 65_536;

/**
 * Passes `revokeFamily` makes at most before it rejects. Each pass either revokes records or
 * proves none is left active; a family that still has an active record after this many passes
 * is being rotated in a loop by something that is not a client, and failing closed (a store
 * failure, 503) is the safe answer.
 */
export const MAX_REVOKE_FAMILY_ROUNDS = 100;

/**
 * The batch size a store was configured with, or the default; a `TypeError` for anything
 * but a positive integer (a caller mistake, found at construction).
 *
 * @example
 * const batchSize = resolveDeleteExpiredBatchSize(options.deleteExpiredBatchSize);
 */
export function resolveDeleteExpiredBatchSize(
  size: unknown = DEFAULT_DELETE_EXPIRED_BATCH_SIZE,
): number {
  if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 1) {
    throw new TypeError('deleteExpiredBatchSize must be a positive integer');
  }
  return size;
}
