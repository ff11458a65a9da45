import type { ClientStore } from '@oauthkit/core';
import { createMemoryStores } from '@oauthkit/core/testing';
import {
  createRedisClientStore,
  createRedisCodeStore,
  createRedisStores,
  createRedisTokenStore,
} from '@oauthkit/redis';
import { redisKeyPrefix } from '@oauthkit/store-tests';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteKeys, scanKeys } from './helpers/raw-redis.js';
import { makeClient, makeCode, makeToken, sleep } from './helpers/records.js';
import { REDIS_URL } from './helpers/redis-url.js';

const prefix = redisKeyPrefix('redis-stores');
let redis: Redis;

beforeAll(() => {
  redis = new Redis(REDIS_URL);
});
afterAll(async () => {
  await deleteKeys(redis, prefix);
  await redis.quit();
});

describe('createRedisStores', () => {
  it('keeps clients in Redis by default', async () => {
    const stores = createRedisStores(redis, { prefix: `${prefix}a:` });
    const { record } = makeClient();
    await stores.clients.saveClient(record);
    const hash = await redis.hgetall(`${prefix}a:client:${record.clientId}`);
    expect(hash['client_secret_digest']).toBe(record.clientSecretDigest);
    expect(JSON.parse(hash['metadata']!)).toEqual(record.metadata);
    expect(await stores.clients.findClient(record.clientId)).toEqual(record);
    expect(await redis.ttl(`${prefix}a:client:${record.clientId}`)).toBe(-1);
  });

  it('uses another ClientStore when given one, with tokens and codes in Redis', async () => {
    // Any ClientStore works; the core's in-process one stands in for a SQL store here.
    const sql: ClientStore = createMemoryStores().clients;
    const stores = createRedisStores(redis, { prefix: `${prefix}b:`, clients: sql });
    expect(stores.clients).toBe(sql);
    const { record } = makeClient();
    await stores.clients.saveClient(record);
    expect(await sql.findClient(record.clientId)).toEqual(record);
    const token = makeToken({ clientId: record.clientId }).record;
    const code = makeCode({ clientId: record.clientId }).record;
    await stores.tokens.saveToken(token);
    await stores.codes.saveCode(code);
    const keys = await scanKeys(redis, `${prefix}b:*`);
    expect(keys.some((k) => k.includes(':client:'))).toBe(false);
    expect(keys).toContain(`${prefix}b:code:${code.codeDigest}`);
    expect(keys).toContain(`${prefix}b:access:${token.accessTokenDigest}`);
  });

  it('keeps two prefixes apart on one server', async () => {
    const one = createRedisStores(redis, { prefix: `${prefix}one:` });
    const two = createRedisStores(redis, { prefix: `${prefix}two:` });
    const token = makeToken().record;
    await one.tokens.saveToken(token);
    expect(await two.tokens.findByAccessToken(token.accessTokenDigest)).toBeNull();
    expect(await one.tokens.findByAccessToken(token.accessTokenDigest)).toEqual(token);
  });

  it('defaults to the oauthkit: prefix', async () => {
    const other = new Redis(REDIS_URL, { keyPrefix: prefix });
    try {
      const stores = createRedisStores(other);
      const code = makeCode().record;
      await stores.codes.saveCode(code);
      expect(await redis.exists(`${prefix}oauthkit:code:${code.codeDigest}`)).toBe(1);
    } finally {
      await other.quit();
    }
  });

  it('registers each script once per client', async () => {
    const fresh = new Redis(REDIS_URL);
    try {
      const defined: string[] = [];
      const define = fresh.defineCommand.bind(fresh);
      fresh.defineCommand = (name, definition) => {
        defined.push(name);
        define(name, definition);
      };
      createRedisStores(fresh, { prefix });
      createRedisStores(fresh, { prefix: `${prefix}again:` });
      createRedisTokenStore(fresh, { prefix });
      expect(defined.length).toBeGreaterThan(0);
      expect(new Set(defined).size).toBe(defined.length);
    } finally {
      await fresh.quit();
    }
  });

  it('throws TypeError on configuration mistakes', () => {
    expect(() => createRedisStores({} as never)).toThrow(TypeError);
    expect(() => createRedisStores(null as never)).toThrow(TypeError);
    expect(() => createRedisStores(redis, { prefix: '{app}:' })).toThrow(/hash tags/);
    expect(() => createRedisStores(redis, { prefix: 3 as never })).toThrow(TypeError);
    expect(() => createRedisStores(redis, { clients: {} as never })).toThrow(/ClientStore/);
    expect(() => createRedisTokenStore(redis, { revokedFamilyTtlSeconds: 0 })).toThrow(TypeError);
    expect(() => createRedisCodeStore(redis, { revokedFamilyTtlSeconds: 1.5 })).toThrow(TypeError);
    expect(() => createRedisClientStore(redis, null as never)).toThrow(TypeError);
  });
});

describe('codes', () => {
  const codes = () => createRedisCodeStore(redis, { prefix });

  it('keeps a code until its expiresAt, consumed or not', async () => {
    const { record } = makeCode();
    await codes().saveCode(record);
    const key = `${prefix}code:${record.codeDigest}`;
    const before = await redis.pttl(key);
    expect(before).toBeGreaterThan(590_000);
    expect(before).toBeLessThanOrEqual(600_000);
    await codes().consumeCode(record.codeDigest, new Date());
    await codes().consumeCode(record.codeDigest, new Date());
    const after = await redis.pttl(key);
    expect(after).toBeGreaterThan(590_000);
    expect(after).toBeLessThanOrEqual(before);
  });

  it('lets a short-lived code vanish, after which it is not found', async () => {
    const { record } = makeCode({ expiresAt: new Date(Date.now() + 300) });
    await codes().saveCode(record);
    const key = `${prefix}code:${record.codeDigest}`;
    const ttl = await redis.pttl(key);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(300);
    expect(await codes().findCode(record.codeDigest)).toEqual(record);
    await sleep(450);
    expect(await redis.exists(key)).toBe(0);
    expect(await codes().findCode(record.codeDigest)).toBeNull();
    expect(await codes().consumeCode(record.codeDigest, new Date())).toEqual({
      status: 'not_found',
    });
  });

  it('rejects a duplicate code digest and keeps the first record', async () => {
    const first = makeCode().record;
    await codes().saveCode(first);
    await expect(
      codes().saveCode(makeCode({ codeDigest: first.codeDigest, userId: 'intruder' }).record),
    ).rejects.toThrow(/duplicate/);
    expect(await codes().findCode(first.codeDigest)).toEqual(first);
  });

  it('throws TypeError for a malformed code or date', async () => {
    await expect(codes().saveCode(makeCode({ codeDigest: '' }).record)).rejects.toThrow(TypeError);
    await expect(
      codes().saveCode(makeCode({ expiresAt: new Date(Number.NaN) }).record),
    ).rejects.toThrow(TypeError);
    await expect(codes().consumeCode('x', new Date(Number.NaN))).rejects.toThrow(TypeError);
  });
});
