import { retryOnWriteConflict } from './retry-on-write-conflict.js';

/** Rows one `deleteExpired` statement deletes at most, unless told otherwise. */
export const DEFAULT_DELETE_EXPIRED_BATCH_SIZE = 1000;

/** Options of the stores' `deleteExpired`. */
export interface DeleteExpiredOptions {
  /**
   * Rows one DELETE statement of `deleteExpired` removes at most (default 1000): each batch is
   * its own short transaction, so a cleanup of a huge backlog never locks it all at once.
   */
  deleteExpiredBatchSize?: number;
}

export function resolveBatchSize(options: DeleteExpiredOptions): number {
  const size = options.deleteExpiredBatchSize ?? DEFAULT_DELETE_EXPIRED_BATCH_SIZE;
  if (!Number.isSafeInteger(size) || size < 1) {
    throw new TypeError('deleteExpiredBatchSize must be a positive integer');
  }
  return size;
}

/**
 * Runs `deleteBatch` (one `deleteMany` with `limit`) until a batch deletes nothing. Stopping
 * at the first short batch would not do: a concurrent cleanup may have taken rows this one
 * had selected, leaving a short batch with more expired rows behind it.
 */
export async function deleteInBatches(
  deleteBatch: (limit: number) => PromiseLike<{ count: number }>,
  batchSize: number,
): Promise<number> {
  let deleted = 0;
  for (;;) {
    const { count } = await retryOnWriteConflict(() => deleteBatch(batchSize));
    if (count === 0) return deleted;
    deleted += count;
  }
}

/** `now` as a filter value; anything else is a caller mistake that could widen the DELETE. */
export function checkNow(now: Date): Date {
  // `{ lte: undefined }` is no filter at all to Prisma: the DELETE would match every row.
  if (!(now instanceof Date) || Number.isNaN(now.getTime())) {
    throw new TypeError('deleteExpired: now must be a valid Date');
  }
  return now;
}
