import { checkReplayArguments, type ReplayStore } from '@oauthkit/core';
import type { Connection, Model } from 'mongoose';
import { deleteExpiredReplayIdsQuery, useOnceQuery } from '../queries/replay-queries.js';
import { type ReplayIdDocument, replayIdSchema } from '../schemas/replay-id-schema.js';

/** The name the replay model is registered under on a connection. */
export const REPLAY_ID_MODEL_NAME = 'OAuthReplayId';

/** Options of {@link createMongooseReplayStore}. */
export interface MongooseReplayStoreOptions {
  /** The clock that tells an expired id from a live one; default `new Date()`. */
  now?: () => Date;
}

/** A {@link ReplayStore} that also deletes what has expired (see `deleteExpired`). */
export interface MongooseReplayStore extends ReplayStore {
  /**
   * Deletes every id whose `expiresAt <= now` (one `deleteMany`), for what the TTL monitor
   * has not dropped yet. Resolves the number of ids this call deleted.
   *
   * @example
   * const deleted = await replayStore.deleteExpired(new Date());
   */
  deleteExpired(now: Date): Promise<number>;
}

/**
 * A {@link ReplayStore} over MongoDB, on your own Mongoose connection: collection
 * `oauth_replay_ids`, `_id` = `<namespace>:<id>`, a TTL index on `expiresAt`. `useOnce` is one
 * upsert that only matches an expired document (see `useOnceQuery`): a live id makes its
 * insert fail on the duplicate `_id`, so nothing is read first and exactly one of concurrent
 * calls wins.
 *
 * @example
 * const replayStore = createMongooseReplayStore(connection);
 * server.registerClientAuthMethod(createPrivateKeyJwtMethod({ replayStore }));
 */
export function createMongooseReplayStore(
  connection: Connection,
  options: MongooseReplayStoreOptions = {},
): MongooseReplayStore {
  if (
    connection === null ||
    typeof connection !== 'object' ||
    typeof connection.model !== 'function'
  ) {
    throw new TypeError('createMongooseReplayStore expects a Mongoose Connection');
  }
  const ReplayId = registerReplayModel(connection);
  const clock = options.now ?? (() => new Date());
  return {
    async useOnce(namespace, id, expiresAt) {
      checkReplayArguments(namespace, id, expiresAt);
      // Namespaces are [a-z0-9_-]: the first colon ends the namespace.
      try {
        const result = await useOnceQuery(ReplayId, `${namespace}:${id}`, expiresAt, clock());
        return result.upsertedCount === 1 || result.modifiedCount === 1;
      } catch (error) {
        if (isDuplicateKey(error)) return false;
        throw error;
      }
    },
    async deleteExpired(now) {
      if (!(now instanceof Date) || Number.isNaN(now.getTime())) {
        throw new TypeError('deleteExpired: now must be a valid Date');
      }
      return (await deleteExpiredReplayIdsQuery(ReplayId, now).exec()).deletedCount;
    },
  };
}

/** The replay model on `connection`, registered on first use. */
export function registerReplayModel(connection: Connection): Model<ReplayIdDocument> {
  const existing = connection.models[REPLAY_ID_MODEL_NAME] as Model<ReplayIdDocument> | undefined;
  if (existing === undefined) {
    return connection.model<ReplayIdDocument>(REPLAY_ID_MODEL_NAME, replayIdSchema);
  }
  if (existing.collection.collectionName !== replayIdSchema.get('collection')) {
    throw new TypeError(
      `model ${REPLAY_ID_MODEL_NAME} is already registered on this connection for collection ` +
        `${existing.collection.collectionName}`,
    );
  }
  return existing;
}

function isDuplicateKey(error: unknown): boolean {
  return (
    typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 11000
  );
}
