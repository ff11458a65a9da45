import { uniqueTestName } from './test-names.js';

/**
 * A key prefix no other test file uses, e.g. `oauthkit:test:redis_store_3f9a1c07d2:`.
 * Delete the keys under it (`SCAN MATCH <prefix>*`) when the file is done.
 *
 * @example
 * const prefix = redisKeyPrefix('redis-store');
 * const stores = createRedisStores({ redis, keyPrefix: prefix });
 */
export function redisKeyPrefix(label: string): string {
  return `oauthkit:test:${uniqueTestName(label)}:`;
}
