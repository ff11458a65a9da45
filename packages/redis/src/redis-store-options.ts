import type { ClientStore } from '@oauthkit/core';
import { DEFAULT_PREFIX } from './keys.js';

/** Options shared by the Redis store factories. */
export interface RedisStoreOptions {
  /** Put in front of every key (default `oauthkit:`); must not contain `{` or `}`. */
  prefix?: string;
  /**
   * Minimum seconds a family stays marked revoked (default one day). The marker otherwise
   * lives as long as the family's tokens; the minimum covers a family revoked before its
   * first token was saved (a code replayed while its first redemption is still running).
   */
  revokedFamilyTtlSeconds?: number;
}

/** Options of `createRedisStores`. */
export interface RedisStoresOptions extends RedisStoreOptions {
  /**
   * Where clients live, when not in Redis: any `ClientStore`, for example the Prisma or
   * Drizzle one, so clients stay in SQL while tokens and codes go to Redis.
   */
  clients?: ClientStore;
}

/** Every default of this package, declared once. */
export const REDIS_STORE_DEFAULTS = {
  prefix: DEFAULT_PREFIX,
  /** One day, in seconds. */
  revokedFamilyTtlSeconds: 86_400,
} as const;

export function resolveOptions(options: RedisStoreOptions = {}): Required<RedisStoreOptions> {
  if (options === null || typeof options !== 'object') {
    throw new TypeError('options must be an object');
  }
  const ttl = options.revokedFamilyTtlSeconds ?? REDIS_STORE_DEFAULTS.revokedFamilyTtlSeconds;
  if (!Number.isInteger(ttl) || ttl <= 0) {
    throw new TypeError('revokedFamilyTtlSeconds must be a positive integer');
  }
  return { prefix: options.prefix ?? REDIS_STORE_DEFAULTS.prefix, revokedFamilyTtlSeconds: ttl };
}
