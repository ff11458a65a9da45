import { createHash } from 'node:crypto';
import {
  type RateLimiter,
  type RateLimitKeys,
  type RateLimitKind,
  type RateLimitRules,
  resolveRateLimitRules,
} from '@oauthkit/core';
import { DEFAULT_PREFIX } from './keys.js';
import { assertRedisClient, type RedisClient } from './redis-client.js';

// The first failure starts the window: INCR and its PEXPIRE in one atomic step, so a key can
// never be left counting without an expiry (a crash between two commands would do that).
const RECORD_FAILURE = `
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return n`;

/** Options of {@link createRedisRateLimiter}. */
export interface RedisRateLimiterOptions {
  rules?: Partial<RateLimitRules>;
  /** Put before every key, as for the stores (default `oauthkit:`). */
  prefix?: string;
}

/**
 * A {@link RateLimiter} shared by every instance through Redis (standalone or Cluster: each
 * counter is one key). Keys are `<prefix>rate:<kind>:<sha256 of the value>`, so usernames and
 * addresses are not kept in clear; each expires with its window.
 *
 * @example
 * const server = createAuthorizationServer({
 *   ...stores,
 *   config,
 *   rateLimit: { limiter: createRedisRateLimiter(redis), clientAddress },
 * });
 */
export function createRedisRateLimiter(
  redis: RedisClient,
  options: RedisRateLimiterOptions = {},
): RateLimiter {
  assertRedisClient(redis);
  const rules = resolveRateLimitRules(options.rules);
  const prefix = options.prefix ?? DEFAULT_PREFIX;
  if (typeof prefix !== 'string') throw new TypeError('prefix must be a string');
  const keyOf = (kind: RateLimitKind, value: string) =>
    `${prefix}rate:${kind}:${createHash('sha256').update(value, 'utf8').digest('base64url')}`;
  const present = (keys: RateLimitKeys) =>
    (Object.entries(keys) as [RateLimitKind, string | undefined][]).filter(
      (entry): entry is [RateLimitKind, string] =>
        entry[0] in rules && typeof entry[1] === 'string' && entry[1] !== '',
    );
  return {
    retryAfterSeconds: Math.ceil(Math.max(...Object.values(rules).map((r) => r.windowMs)) / 1000),
    async isLimited(keys) {
      const counts = await Promise.all(
        present(keys).map(async ([kind, value]) => {
          const count = Number((await redis.get(keyOf(kind, value))) ?? 0);
          return count >= rules[kind].maxFailures;
        }),
      );
      return counts.includes(true);
    },
    async recordFailure(keys) {
      await Promise.all(
        present(keys).map(([kind, value]) =>
          redis.eval(RECORD_FAILURE, 1, keyOf(kind, value), rules[kind].windowMs),
        ),
      );
    },
    async reset(keys) {
      await Promise.all(present(keys).map(([kind, value]) => redis.del(keyOf(kind, value))));
    },
  };
}
