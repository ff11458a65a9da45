import { createRedisRateLimiter } from '@oauthkit/redis';
import { redisKeyPrefix } from '@oauthkit/store-tests';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteKeys, scanKeys } from './helpers/raw-redis.js';
import { REDIS_URL } from './helpers/redis-url.js';

const prefix = redisKeyPrefix('redis-rate-limiter');
let redis: Redis;

beforeAll(() => {
  redis = new Redis(REDIS_URL);
});
afterAll(async () => {
  await deleteKeys(redis, prefix);
  await redis.quit();
});

const rules = {
  username: { maxFailures: 3, windowMs: 60_000 },
  address: { maxFailures: 10, windowMs: 300 },
};

describe('createRedisRateLimiter (SECURITY.md rule 31)', () => {
  it('limits a key after maxFailures, per key, and reset forgets it', async () => {
    const limiter = createRedisRateLimiter(redis, { prefix: `${prefix}a:`, rules });
    for (let i = 0; i < 3; i++) {
      expect(await limiter.isLimited({ username: 'ann' })).toBe(false);
      await limiter.recordFailure({ username: 'ann' });
    }
    expect(await limiter.isLimited({ username: 'ann' })).toBe(true);
    expect(await limiter.isLimited({ username: 'bob', address: '192.0.2.1' })).toBe(false);
    expect(await limiter.isLimited({ username: 'ann', address: '192.0.2.1' })).toBe(true);
    await limiter.reset({ username: 'ann' });
    expect(await limiter.isLimited({ username: 'ann' })).toBe(false);
    expect(limiter.retryAfterSeconds).toBe(15 * 60);
  });

  it('counts concurrent failures exactly, and every key expires with its window', async () => {
    const limiter = createRedisRateLimiter(redis, { prefix: `${prefix}b:`, rules });
    await Promise.all(
      Array.from({ length: 50 }, () =>
        limiter.recordFailure({ username: 'user-in-clear', address: 'a' }),
      ),
    );
    const keys = await scanKeys(redis, `${prefix}b:rate:*`);
    expect(keys).toHaveLength(2);
    const counts = await Promise.all(keys.map((k) => redis.get(k)));
    expect(counts).toEqual(['50', '50']);
    for (const key of keys) expect(await redis.pttl(key)).toBeGreaterThan(0);
    // Values are kept only as digests.
    expect(keys.join()).not.toContain('user-in-clear');
    await new Promise((r) => setTimeout(r, 400));
    expect(await limiter.isLimited({ address: 'a' })).toBe(false);
    expect(await limiter.isLimited({ username: 'user-in-clear' })).toBe(true);
  });

  it('a Redis failure rejects (the server then fails closed)', async () => {
    const down = new Redis('redis://127.0.0.1:1', {
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      enableOfflineQueue: false,
    });
    const limiter = createRedisRateLimiter(down, { prefix: `${prefix}c:` });
    await expect(limiter.isLimited({ username: 'x' })).rejects.toThrow();
    down.disconnect();
  });
});
