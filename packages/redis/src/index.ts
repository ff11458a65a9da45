export { createQueryClient } from './create-query-client.js';
export { createSaveToken } from './create-save-token.js';
export { createKeys, DEFAULT_PREFIX, type RedisKeys } from './keys.js';
export type { RedisClient } from './redis-client.js';
export { createRedisClientStore } from './redis-client-store.js';
export { createRedisCodeStore } from './redis-code-store.js';
export { createRedisDeviceCodeStore } from './redis-device-code-store.js';
export { createRedisPushedRequestStore } from './redis-pushed-request-store.js';
export { createRedisRateLimiter, type RedisRateLimiterOptions } from './redis-rate-limiter.js';
export { createRedisReplayStore } from './redis-replay-store.js';
export {
  REDIS_STORE_DEFAULTS,
  type RedisStoreOptions,
  type RedisStoresOptions,
} from './redis-store-options.js';
export { createRedisStores } from './redis-stores.js';
export { createRedisTokenStore } from './redis-token-store.js';
