import { type SaveToken, saveTokenFromStore } from '@oauthkit/core';
import type { RedisClient } from './redis-client.js';
import type { RedisStoreOptions } from './redis-store-options.js';
import { createRedisTokenStore } from './redis-token-store.js';

/**
 * The server's `saveToken` writing to Redis, keeping only digests (Authlib's
 * `create_save_token_func`).
 *
 * @example
 * const saveToken = createSaveToken(redis, { prefix: 'myapp:' });
 */
export function createSaveToken(redis: RedisClient, options: RedisStoreOptions = {}): SaveToken {
  return saveTokenFromStore(createRedisTokenStore(redis, options));
}
