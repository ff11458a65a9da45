import { checkReplayArguments, type ReplayStore } from '@oauthkit/core';
import { createKeys } from './keys.js';
import { assertRedisClient, type RedisClient } from './redis-client.js';
import { REDIS_STORE_DEFAULTS } from './redis-store-options.js';

/**
 * A {@link ReplayStore} in Redis: one key per id, `<prefix>replay:<namespace>:<id>`, set
 * with `SET key 1 NX PXAT <expiresAt>`. `NX` makes the first writer the only winner, in one
 * command (atomic on a standalone server and, one key being one slot, on a Cluster); `PXAT`
 * lets Redis drop the id when it expires, so nothing needs cleaning up.
 *
 * @example
 * const replayStore = createRedisReplayStore(redis, { prefix: 'myapp:' });
 * server.registerClientAuthMethod(createPrivateKeyJwtMethod({ replayStore }));
 */
export function createRedisReplayStore(
  redis: RedisClient,
  options: { prefix?: string } = {},
): ReplayStore {
  assertRedisClient(redis);
  const { prefix } = createKeys(options.prefix ?? REDIS_STORE_DEFAULTS.prefix);
  return {
    async useOnce(namespace, id, expiresAt) {
      checkReplayArguments(namespace, id, expiresAt);
      const key = `${prefix}replay:${namespace}:${id}`;
      const set = await redis.set(key, '1', 'PXAT', expiresAt.getTime(), 'NX');
      return set === 'OK';
    },
  };
}
