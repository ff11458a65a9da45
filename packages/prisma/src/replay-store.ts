import { checkReplayArguments, type ReplayStore } from '@oauthkit/core';
import {
  type DeleteExpiredOptions,
  deleteInBatches,
  resolveBatchSize,
} from './delete-in-batches.js';
import { isUniqueViolation } from './is-unique-violation.js';
import type { OauthReplayIdDelegate } from './prisma-client-like.js';
import { retryOnWriteConflict } from './retry-on-write-conflict.js';

/** Options of {@link createPrismaReplayStore}. */
export interface PrismaReplayStoreOptions extends DeleteExpiredOptions {
  /** The clock that tells an expired leftover row from a live one; default `new Date()`. */
  now?: () => Date;
}

/** A {@link ReplayStore} that also deletes what has expired (see `deleteExpired`). */
export interface PrismaReplayStore extends ReplayStore {
  /**
   * Deletes every id whose `expiresAt <= now`, in batches (`deleteExpiredBatchSize`), each
   * one `DELETE ... WHERE expires_at <= now`: safe at any time, concurrently with `useOnce`.
   * Resolves the number of ids this call deleted. Run it on a timer: nothing else removes
   * expired ids (`useOnce` only replaces the one it is asked about).
   *
   * @example
   * setInterval(() => replayStore.deleteExpired(new Date()).catch(console.error), 3_600_000);
   */
  deleteExpired(now: Date): Promise<number>;
}

/**
 * A {@link ReplayStore} over the `OauthReplayId` model (`oauth_replay_ids`), keyed by
 * `<namespace>:<id>`. `useOnce` is one INSERT: the primary key lets exactly one of
 * concurrent calls in, the others fail on the duplicate key and answer `false`. A duplicate
 * that has expired is deleted by one conditional DELETE (`expires_at <= now`) and the INSERT
 * tried once more, so again only one caller can win; nothing is read first.
 *
 * @example
 * const replayStore = createPrismaReplayStore(prisma);
 * server.registerClientAuthMethod(createPrivateKeyJwtMethod({ replayStore }));
 */
export function createPrismaReplayStore(
  prisma: { oauthReplayId: OauthReplayIdDelegate },
  options: PrismaReplayStoreOptions = {},
): PrismaReplayStore {
  if (prisma === null || typeof prisma !== 'object' || !prisma.oauthReplayId) {
    throw new TypeError(
      'createPrismaReplayStore needs a Prisma client generated from the OauthReplayId model',
    );
  }
  const ids = prisma.oauthReplayId;
  const batchSize = resolveBatchSize(options);
  const clock = options.now ?? (() => new Date());
  const insert = async (replayKey: string, expiresAt: Date): Promise<boolean> => {
    try {
      await retryOnWriteConflict(() => ids.create({ data: { replayKey, expiresAt } }));
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  };
  return {
    async useOnce(namespace, id, expiresAt) {
      checkReplayArguments(namespace, id, expiresAt);
      // Namespaces are [a-z0-9_-]: the first colon ends the namespace.
      const replayKey = `${namespace}:${id}`;
      if (await insert(replayKey, expiresAt)) return true;
      const { count } = await retryOnWriteConflict(() =>
        ids.deleteMany({ where: { replayKey, expiresAt: { lte: clock() } } }),
      );
      return count === 1 && (await insert(replayKey, expiresAt));
    },
    async deleteExpired(now) {
      if (!(now instanceof Date) || Number.isNaN(now.getTime())) {
        throw new TypeError('deleteExpired: now must be a valid Date');
      }
      const where = { expiresAt: { lte: now } };
      return deleteInBatches((limit) => ids.deleteMany({ where, limit }), batchSize);
    },
  };
}
