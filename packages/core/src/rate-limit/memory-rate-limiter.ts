import {
  longestWindowSeconds,
  presentKeys,
  type RateLimiter,
  type RateLimitRules,
  resolveRateLimitRules,
} from './rate-limiter.js';

/** Options of {@link createMemoryRateLimiter}. */
export interface MemoryRateLimiterOptions {
  rules?: Partial<RateLimitRules>;
  /** Most keys kept; the oldest windows are dropped first beyond it. Default 100,000. */
  maxKeys?: number;
  /** The clock, for tests. */
  now?: () => number;
}

/**
 * A {@link RateLimiter} in this process's memory: for one instance, and for tests. Bounded: an
 * attacker cycling through usernames or addresses cannot grow it past `maxKeys`.
 *
 * @example
 * const server = createAuthorizationServer({
 *   ...stores,
 *   config,
 *   rateLimit: { limiter: createMemoryRateLimiter() },
 * });
 */
export function createMemoryRateLimiter(options: MemoryRateLimiterOptions = {}): RateLimiter {
  const rules = resolveRateLimitRules(options.rules);
  const maxKeys = options.maxKeys ?? 100_000;
  if (!Number.isSafeInteger(maxKeys) || maxKeys < 1) {
    throw new TypeError('createMemoryRateLimiter: maxKeys must be a positive integer');
  }
  const now = options.now ?? Date.now;
  // Insertion order is window-start order: a window is re-inserted when it starts again.
  const windows = new Map<string, { failures: number; endsAt: number }>();

  const live = (key: string) => {
    const window = windows.get(key);
    if (window && window.endsAt <= now()) {
      windows.delete(key);
      return undefined;
    }
    return window;
  };

  return {
    retryAfterSeconds: longestWindowSeconds(rules),
    async isLimited(keys) {
      return presentKeys(keys).some(
        ([kind, value]) => (live(`${kind}:${value}`)?.failures ?? 0) >= rules[kind].maxFailures,
      );
    },
    async recordFailure(keys) {
      for (const [kind, value] of presentKeys(keys)) {
        const key = `${kind}:${value}`;
        const window = live(key);
        if (window) window.failures++;
        else windows.set(key, { failures: 1, endsAt: now() + rules[kind].windowMs });
      }
      while (windows.size > maxKeys) windows.delete(windows.keys().next().value!);
    },
    async reset(keys) {
      for (const [kind, value] of presentKeys(keys)) windows.delete(`${kind}:${value}`);
    },
  };
}
