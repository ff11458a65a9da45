import type { ClientStore } from '@oauthkit/core';
import { checkedClientStore } from '@oauthkit/core/stores';
import { clientFromHash, clientToHash } from './client-hash.js';
import { toHashPairs } from './hash-fields.js';
import { createKeys } from './keys.js';
import { assertRedisClient, type RedisClient } from './redis-client.js';
import { coalesceWrites, type RedisStoreOptions, resolveOptions } from './redis-store-options.js';
import { replaceHashScript } from './scripts/replace-hash.js';
import { createScriptRunner } from './scripts/script-runner.js';
import { writeCoalescer } from './write-coalescer.js';

/**
 * A {@link ClientStore} in Redis: one hash per client, no TTL, the metadata as one JSON
 * field. Clients are few and long-lived; keep them in SQL instead by passing another
 * `ClientStore` to `createRedisStores`.
 *
 * @example
 * const clients = createRedisClientStore(new Redis(process.env.REDIS_URL));
 */
export function createRedisClientStore(
  redis: RedisClient,
  options: RedisStoreOptions = {},
): ClientStore {
  assertRedisClient(redis);
  const resolved = resolveOptions(options);
  const keys = createKeys(resolved.prefix);
  const cork = writeCoalescer(redis, coalesceWrites(redis, resolved));
  const run = createScriptRunner(redis, cork);

  return checkedClientStore({
    async findClient(clientId) {
      cork();
      const hash = await redis.hgetall(keys.client(clientKey(clientId)));
      return hash['client_id'] === clientId ? clientFromHash(hash) : null;
    },

    async saveClient(record) {
      const fields = toHashPairs(clientToHash(record));
      await run(replaceHashScript, [keys.client(record.clientId)], fields);
    },

    async deleteClient(clientId) {
      cork();
      return (await redis.del(keys.client(clientKey(clientId)))) === 1;
    },
  });
}

function clientKey(clientId: string): string {
  if (typeof clientId !== 'string') throw new TypeError('clientId must be a string');
  return clientId;
}
