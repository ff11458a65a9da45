import { type QueryClient, queryClientFromStore } from '@oauthkit/core';
import type { RedisClient } from './redis-client.js';
import { createRedisClientStore } from './redis-client-store.js';
import type { RedisStoreOptions } from './redis-store-options.js';

/**
 * The server's `queryClient` over clients kept in Redis (Authlib's
 * `create_query_client_func`). With clients in SQL, use that package's helper instead.
 *
 * @example
 * const queryClient = createQueryClient(redis, { prefix: 'myapp:' });
 * const client = await queryClient('my-app'); // a Client, or null
 */
export function createQueryClient(
  redis: RedisClient,
  options: RedisStoreOptions = {},
): QueryClient {
  return queryClientFromStore(createRedisClientStore(redis, options));
}
