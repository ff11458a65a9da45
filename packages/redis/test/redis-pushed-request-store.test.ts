import { createRedisPushedRequestStore, createRedisStores } from '@oauthkit/redis';
import {
  pushedRequestRecord,
  redisKeyPrefix,
  runPushedRequestStoreSuite,
} from '@oauthkit/store-tests';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteKeys } from './helpers/raw-redis.js';
import { REDIS_URL } from './helpers/redis-url.js';

const prefix = redisKeyPrefix('redis-par');
let redis: Redis;

beforeAll(() => {
  redis = new Redis(REDIS_URL);
});
afterAll(async () => {
  await deleteKeys(redis, prefix);
  await Promise.all(suiteConnections.map((c) => c.quit()));
  await redis.quit();
});

describe('createRedisPushedRequestStore', () => {
  it('one hash per request, expiring at expiresAt, gone once used', async () => {
    const store = createRedisStores(redis, { prefix }).pushedRequests!;
    const record = pushedRequestRecord(undefined, 30_000);
    await store.savePushedRequest(record);
    const key = `${prefix}par:${record.requestUriDigest}`;
    // The TTL is set relative to this process's clock: within a second of expiresAt.
    const expiresAt = await redis.pexpiretime(key);
    expect(Math.abs(expiresAt - record.expiresAt.getTime())).toBeLessThan(1_000);
    expect(await redis.hget(key, 'client_id')).toBe(record.clientId);
    expect(await store.consumePushedRequest(record.requestUriDigest, record.clientId)).toEqual(
      record,
    );
    expect(await redis.exists(key)).toBe(0);
  });

  it('refuses a prefix with hash tags and a non-client', () => {
    expect(() => createRedisPushedRequestStore(redis, { prefix: 'a{b}:' })).toThrow(TypeError);
    expect(() => createRedisPushedRequestStore({} as never)).toThrow(TypeError);
  });
});

// The shared suite, each race participant on its own connection.
const suiteConnections: Redis[] = [];
runPushedRequestStoreSuite({
  name: 'redis',
  create: () => {
    const connection = new Redis(REDIS_URL);
    suiteConnections.push(connection);
    return createRedisPushedRequestStore(connection, { prefix: `${prefix}suite:` });
  },
});
