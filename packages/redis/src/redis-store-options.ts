import type { ClientStore } from '@oauthkit/core';
import { DEFAULT_PREFIX } from './keys.js';
import type { RedisClient } from './redis-client.js';

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
  /**
   * Whether one Lua script may touch keys of different hash slots. Default: `true` on a
   * `Redis` client (one node: standalone or Sentinel), where every token operation is then
   * one script, pointers included; `false` on a `Cluster`, where scripts stay on one slot
   * (see the README's cluster design). Set `false` behind a proxy that shards one endpoint
   * over several nodes (Redis Enterprise with several shards, Envoy). `true` on a `Cluster`
   * is refused. The keys are the same either way.
   */
  crossSlotScripts?: boolean;
  /**
   * Whether the stores cork the client's socket until the end of the event-loop turn in which
   * they send a command, so that the commands of concurrent requests go out in one write.
   * Default: `true` on a `Redis` client; `false` on a `Cluster` (one socket per node), where
   * `true` is refused. Every command on the client, the app's own included, may then wait for
   * the end of the current turn (`setImmediate`) before it is written.
   */
  coalesceWrites?: boolean;
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

/**
 * The options with their defaults; `crossSlotScripts` and `coalesceWrites` are left as given
 * (their defaults depend on the client: see {@link crossSlotScripts}, {@link coalesceWrites}).
 */
export type ResolvedOptions = Required<
  Omit<RedisStoreOptions, 'crossSlotScripts' | 'coalesceWrites'>
> &
  Pick<RedisStoreOptions, 'crossSlotScripts' | 'coalesceWrites'>;

export function resolveOptions(options: RedisStoreOptions = {}): ResolvedOptions {
  if (options === null || typeof options !== 'object') {
    throw new TypeError('options must be an object');
  }
  const ttl = options.revokedFamilyTtlSeconds ?? REDIS_STORE_DEFAULTS.revokedFamilyTtlSeconds;
  if (!Number.isInteger(ttl) || ttl <= 0) {
    throw new TypeError('revokedFamilyTtlSeconds must be a positive integer');
  }
  const crossSlot = options.crossSlotScripts;
  if (crossSlot !== undefined && typeof crossSlot !== 'boolean') {
    throw new TypeError('crossSlotScripts must be a boolean');
  }
  const coalesce = options.coalesceWrites;
  if (coalesce !== undefined && typeof coalesce !== 'boolean') {
    throw new TypeError('coalesceWrites must be a boolean');
  }
  return {
    prefix: options.prefix ?? REDIS_STORE_DEFAULTS.prefix,
    revokedFamilyTtlSeconds: ttl,
    ...(crossSlot === undefined ? {} : { crossSlotScripts: crossSlot }),
    ...(coalesce === undefined ? {} : { coalesceWrites: coalesce }),
  };
}

/**
 * Whether the stores on `redis` run their one-node scripts (keys of several slots in one
 * script): as configured, else on every client but a Cluster.
 */
export function crossSlotScripts(redis: RedisClient, options: ResolvedOptions): boolean {
  if (options.crossSlotScripts === true && redis.isCluster) {
    throw new TypeError('crossSlotScripts cannot be true on a Redis Cluster client');
  }
  return options.crossSlotScripts ?? !redis.isCluster;
}

/**
 * Whether the stores on `redis` coalesce their writes (see `writeCoalescer`): as configured,
 * else on every client but a Cluster.
 */
export function coalesceWrites(redis: RedisClient, options: ResolvedOptions): boolean {
  if (options.coalesceWrites === true && redis.isCluster) {
    throw new TypeError('coalesceWrites cannot be true on a Redis Cluster client');
  }
  return options.coalesceWrites ?? !redis.isCluster;
}
