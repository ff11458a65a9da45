import type { ClientStore, Stores } from '@oauthkit/core';
import { assertRedisClient, type RedisClient } from './redis-client.js';
import { createRedisClientStore } from './redis-client-store.js';
import { createRedisCodeStore } from './redis-code-store.js';
import { createRedisDeviceCodeStore } from './redis-device-code-store.js';
import { createRedisPushedRequestStore } from './redis-pushed-request-store.js';
import { type RedisStoresOptions, resolveOptions } from './redis-store-options.js';
import { createRedisTokenStore } from './redis-token-store.js';

/**
 * Every store the authorization server needs, in Redis or Redis Cluster. Clients live in
 * Redis too unless `options.clients` is given (for example a SQL store: clients in SQL,
 * tokens and codes in Redis).
 *
 * @example
 * const redis = new Redis(process.env.REDIS_URL);
 * const stores = createRedisStores(redis, { prefix: 'myapp:' });
 * // or: createRedisStores(redis, { clients: createPrismaStores(prisma).clients })
 */
export function createRedisStores(redis: RedisClient, options: RedisStoresOptions = {}): Stores {
  assertRedisClient(redis);
  const resolved = resolveOptions(options);
  if (options.clients !== undefined) assertClientStore(options.clients);
  return {
    clients: options.clients ?? createRedisClientStore(redis, resolved),
    tokens: createRedisTokenStore(redis, resolved),
    codes: createRedisCodeStore(redis, resolved),
    deviceCodes: createRedisDeviceCodeStore(redis, resolved),
    pushedRequests: createRedisPushedRequestStore(redis, resolved),
  };
}

function assertClientStore(store: ClientStore): void {
  const s = store as Partial<ClientStore> | null;
  if (
    s === null ||
    typeof s !== 'object' ||
    typeof s.findClient !== 'function' ||
    typeof s.saveClient !== 'function' ||
    typeof s.deleteClient !== 'function'
  ) {
    throw new TypeError(
      'options.clients must be a ClientStore (findClient, saveClient, deleteClient)',
    );
  }
}
