import { checkReplayArguments, type ReplayStore } from '@oauthkit/core';
import { resolveDeleteExpiredBatchSize } from '@oauthkit/core/stores';
import { and, eq, lte, sql } from 'drizzle-orm';
import { deleteInBatches } from './delete-in-batches.js';
import { type DrizzleDatabase, detectDialect } from './dialects/detect-dialect.js';
import type { Dialect } from './dialects/dialect.js';
import { count, exec, rows } from './operation.js';
import { causedBy } from './retry.js';

/** Options of {@link createDrizzleReplayStore}. */
export interface DrizzleReplayStoreOptions {
  /**
   * Rows one DELETE statement of `deleteExpired` removes at most (default 1000): each batch is
   * its own short transaction.
   */
  deleteExpiredBatchSize?: number;
  /** The clock that tells an expired leftover row from a live one; default `new Date()`. */
  now?: () => Date;
}

/** A {@link ReplayStore} that also deletes what has expired (see `deleteExpired`). */
export interface DrizzleReplayStore extends ReplayStore {
  /**
   * Deletes every id whose `expires_at <= now`, in batches, each one DELETE carrying the
   * condition: safe at any time, concurrently with `useOnce`. Resolves the number of ids this
   * call deleted. Run it on a timer: nothing else removes expired ids.
   *
   * @example
   * setInterval(() => replayStore.deleteExpired(new Date()).catch(console.error), 3_600_000);
   */
  deleteExpired(now: Date): Promise<number>;
}

/**
 * A {@link ReplayStore} over the `oauth_replay_ids` table of `@oauthkit/drizzle/pg`, `/mysql`
 * or `/sqlite`, keyed by `<namespace>:<id>`. `useOnce` never reads first:
 *
 * - PostgreSQL and SQLite: one statement, `INSERT ... ON CONFLICT (replay_key) DO UPDATE SET
 *   expires_at = excluded.expires_at WHERE oauth_replay_ids.expires_at <= now RETURNING 1`.
 *   A row comes back only for a new key or an expired one taken over; a concurrent call
 *   waits for the winner's row and then finds it live.
 * - MySQL/MariaDB: an INSERT that fails on the duplicate key. On a duplicate, one
 *   `DELETE ... WHERE replay_key = ? AND expires_at <= now` removes an expired leftover (one
 *   caller at most deletes it) and that caller's INSERT is tried once more.
 *
 * @example
 * const replayStore = createDrizzleReplayStore(db);
 * server.registerClientAuthMethod(createPrivateKeyJwtMethod({ replayStore }));
 */
export function createDrizzleReplayStore(
  db: DrizzleDatabase,
  options: DrizzleReplayStoreOptions = {},
): DrizzleReplayStore {
  const dialect = detectDialect(db);
  if (typeof options !== 'object' || options === null) {
    throw new TypeError('createDrizzleReplayStore: options must be an object');
  }
  const batchSize = resolveDeleteExpiredBatchSize(options.deleteExpiredBatchSize);
  const clock = options.now ?? (() => new Date());
  const t = dialect.tables.replayIds;
  const useOnce = dialect.name === 'mysql' ? insertOrTakeOver(dialect) : upsertIfExpired(dialect);
  return {
    async useOnce(namespace, id, expiresAt) {
      checkReplayArguments(namespace, id, expiresAt);
      // Namespaces are [a-z0-9_-]: the first colon ends the namespace.
      return useOnce(`${namespace}:${id}`, expiresAt, clock());
    },
    async deleteExpired(now) {
      if (!(now instanceof Date) || Number.isNaN(now.getTime())) {
        throw new TypeError('deleteExpired: now must be a valid Date');
      }
      const expired = lte(t.expiresAt, now);
      return dialect.run((q) => deleteInBatches(q, t, t.replayKey, expired, batchSize));
    },
  };
}

type UseKey = (replayKey: string, expiresAt: Date, now: Date) => Promise<boolean>;

function upsertIfExpired(dialect: Dialect): UseKey {
  const t = dialect.tables.replayIds;
  return (replayKey, expiresAt, now) =>
    dialect.run(function* (q) {
      const won = yield* rows(
        q
          .insert(t)
          .values({ replayKey, expiresAt })
          .onConflictDoUpdate({
            target: t.replayKey,
            set: { expiresAt },
            setWhere: lte(t.expiresAt, now),
          })
          .returning({ one: sql`1` }),
      );
      return won.length === 1;
    });
}

// ER_DUP_ENTRY.
const isDuplicate = (error: unknown) =>
  causedBy(error, (e) => e['errno'] === 1062 || e['code'] === 'ER_DUP_ENTRY');

function insertOrTakeOver(dialect: Dialect): UseKey {
  const t = dialect.tables.replayIds;
  const insert = async (replayKey: string, expiresAt: Date) => {
    try {
      await dialect.run(function* (q) {
        yield* exec(q.insert(t).values({ replayKey, expiresAt }));
      });
      return true;
    } catch (error) {
      if (isDuplicate(error)) return false;
      throw error;
    }
  };
  return async (replayKey, expiresAt, now) => {
    if (await insert(replayKey, expiresAt)) return true;
    const deleted = await dialect.run(function* (q) {
      return yield* count(
        q.delete(t).where(and(eq(t.replayKey, replayKey), lte(t.expiresAt, now))),
      );
    });
    return deleted === 1 && (await insert(replayKey, expiresAt));
  };
}
