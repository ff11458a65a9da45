import { createRedisReplayStore } from '@oauthkit/redis';
import { redisKeyPrefix, runReplayStoreSuite } from '@oauthkit/store-tests';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteKeys } from './helpers/raw-redis.js';
import { REDIS_URL } from './helpers/redis-url.js';

const prefix = redisKeyPrefix('redis-replay');
let redis: Redis;

beforeAll(() => {
  redis = new Redis(REDIS_URL);
});
afterAll(async () => {
  await deleteKeys(redis, prefix);
  await redis.quit();
});

const later = (ms = 60_000) => new Date(Date.now() + ms);

describe('createRedisReplayStore', () => {
  it('50 concurrent uses of one id on separate connections: exactly one wins (rule 36)', async () => {
    const connections = Array.from({ length: 5 }, () => new Redis(REDIS_URL));
    try {
      const stores = connections.map((c) => createRedisReplayStore(c, { prefix }));
      const expiresAt = later();
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          stores[i % stores.length]!.useOnce('client_assertion', 'race', expiresAt),
        ),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
    } finally {
      await Promise.all(connections.map((c) => c.quit()));
    }
  });

  it('keeps the id until expiresAt, under its namespace', async () => {
    const store = createRedisReplayStore(redis, { prefix });
    const expiresAt = later(30_000);
    expect(await store.useOnce('client_assertion', 'a', expiresAt)).toBe(true);
    expect(await store.useOnce('client_assertion', 'a', expiresAt)).toBe(false);
    expect(await store.useOnce('dpop', 'a', expiresAt)).toBe(true);
    const key = `${prefix}replay:client_assertion:a`;
    expect(await redis.pexpiretime(key)).toBe(expiresAt.getTime());
  });

  it('forgets an id once it has expired', async () => {
    const store = createRedisReplayStore(redis, { prefix });
    expect(await store.useOnce('client_assertion', 'short', later(50))).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(await store.useOnce('client_assertion', 'short', later())).toBe(true);
  });

  it('refuses bad arguments and a prefix with hash tags', async () => {
    const store = createRedisReplayStore(redis, { prefix });
    await expect(store.useOnce('x y', 'a', later())).rejects.toThrow(TypeError);
    expect(() => createRedisReplayStore(redis, { prefix: 'a{b}:' })).toThrow(TypeError);
    expect(() => createRedisReplayStore({} as never)).toThrow(TypeError);
  });
});

// The shared suite, each race participant on its own connection.
const suiteConnections: Redis[] = [];
runReplayStoreSuite({
  name: 'redis',
  create: () => {
    const connection = new Redis(REDIS_URL);
    suiteConnections.push(connection);
    return createRedisReplayStore(connection, { prefix: `${prefix}suite:` });
  },
  teardown: async () => {
    await Promise.all(suiteConnections.map((c) => c.quit()));
  },
});
