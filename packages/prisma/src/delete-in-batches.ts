import { resolveDeleteExpiredBatchSize } from '@oauthkit/core/stores';
import { retryOnWriteConflict } from './retry-on-write-conflict.js';

export { DEFAULT_DELETE_EXPIRED_BATCH_SIZE } from '@oauthkit/core/stores';

/** Options of the stores' `deleteExpired`. */
export interface DeleteExpiredOptions {
  /**
   * Rows one DELETE statement of `deleteExpired` removes at most (default 1000): each batch is
   * its own short transaction, so a cleanup of a huge backlog never locks it all at once.
   */
  deleteExpiredBatchSize?: number;
}

export function resolveBatchSize(options: DeleteExpiredOptions): number {
  return resolveDeleteExpiredBatchSize(options.deleteExpiredBatchSize);
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
