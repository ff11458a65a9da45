import { type Column, inArray, type SQL } from 'drizzle-orm';
import type { QueryDb } from './dialects/dialect.js';
import { count, type Operation } from './operation.js';

export { DEFAULT_DELETE_EXPIRED_BATCH_SIZE } from '@oauthkit/core/stores';

/**
 * Deletes the rows matching `expired`, at most `batchSize` per statement, until a statement
 * deletes nothing (a short batch is no proof: a concurrent cleanup may have taken rows this
 * one had selected). Each statement is its own transaction and carries the condition itself:
 *
 *   DELETE FROM t WHERE key IN (SELECT key FROM (SELECT key FROM t WHERE expired LIMIT n) b)
 *
 * The same SQL on every dialect: PostgreSQL has no `DELETE ... LIMIT`, and MySQL refuses a
 * `LIMIT` in an `IN` subquery and a subquery on the table it deletes from, unless that
 * subquery is a derived table, which it then materialises.
 */
export function* deleteInBatches(
  db: QueryDb,
  table: any,
  key: Column,
  expired: SQL | undefined,
  batchSize: number,
): Operation<number> {
  let deleted = 0;
  for (;;) {
    const batch = db
      .select({ key })
      .from(table)
      .where(expired)
      .limit(batchSize)
      .as('expired_batch');
    const n = yield* count(
      db.delete(table).where(inArray(key, db.select({ key: batch.key }).from(batch))),
    );
    if (n === 0) return deleted;
    deleted += n;
  }
}
