import { createKeys, createRedisStores } from '@oauthkit/redis';
import { redisKeyPrefix } from '@oauthkit/store-tests';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteKeys, scanKeys } from './helpers/raw-redis.js';
import { inSeconds, makeCode, makeToken, sleep } from './helpers/records.js';
import { REDIS_URL } from './helpers/redis-url.js';

// What the conformance suite cannot see: TTL-dropped records leaving their family sets, other
// prefixes and foreign keys left alone, and an ioredis keyPrefix. The suite itself checks the
// deletion rule, the counts, the pointers (through the dump) and the races.

const prefix = redisKeyPrefix('redis-delete-expired');
const keys = createKeys(prefix);
let redis: Redis;
let stores: ReturnType<typeof createRedisStores>;

beforeAll(() => {
  redis = new Redis(REDIS_URL);
  stores = createRedisStores(redis, { prefix });
});
afterAll(async () => {
  await deleteKeys(redis, prefix);
  await redis.quit();
});

describe('deleteExpired on Redis', () => {
  it('prunes family members whose record a TTL dropped, without counting them', async () => {
    const kept = makeToken().record;
    const shortLived = makeToken({
      familyId: kept.familyId,
      refreshTokenDigest: null,
      refreshTokenExpiresAt: null,
      accessTokenExpiresAt: inSeconds(0.2),
    }).record;
    await stores.tokens.saveToken(kept);
    await stores.tokens.saveToken(shortLived);
    await sleep(400);
    const family = keys.family(kept.familyId);
    expect(await redis.exists(keys.token(kept.familyId, shortLived.accessTokenDigest))).toBe(0);
    expect((await redis.smembers(family)).sort()).toEqual(
      [kept.accessTokenDigest, shortLived.accessTokenDigest].sort(),
    );

    expect(await stores.tokens.deleteExpired(new Date())).toBe(0);
    expect(await redis.smembers(family)).toEqual([kept.accessTokenDigest]);
    expect(await stores.tokens.findByAccessToken(kept.accessTokenDigest)).toEqual(kept);
  });

  it('leaves other prefixes and keys it did not write alone', async () => {
    const otherPrefix = `${prefix}other:`;
    const other = createRedisStores(redis, { prefix: otherPrefix });
    const expiredAt = inSeconds(60);
    const now = inSeconds(120);
    const mine = makeToken({ accessTokenExpiresAt: expiredAt, refreshTokenExpiresAt: expiredAt });
    const theirs = makeToken({ accessTokenExpiresAt: expiredAt, refreshTokenExpiresAt: expiredAt });
    const theirCode = makeCode({ expiresAt: expiredAt });
    await stores.tokens.saveToken(mine.record);
    await other.tokens.saveToken(theirs.record);
    await other.codes.saveCode(theirCode.record);
    // Keys under the prefix that are not records of this package, as another tool might write.
    const foreign = [`${prefix}token:no-tag`, `${prefix}code:`, `${prefix}family:{}`];
    for (const key of foreign) await redis.set(key, 'x', 'EX', 600);
    const odd = keys.token('odd-family', 'ab'.repeat(32));
    await redis.hset(odd, {
      access_token_digest: 'ab'.repeat(32),
      family_id: 'odd-family',
      access_token_expires_at: 'soon',
    });
    await redis.pexpire(odd, 600_000);

    expect(await stores.tokens.deleteExpired(now)).toBe(1);
    expect(await stores.codes.deleteExpired(now)).toBe(0);
    expect(await stores.tokens.findByAccessToken(mine.record.accessTokenDigest)).toBeNull();
    expect(await other.tokens.findByAccessToken(theirs.record.accessTokenDigest)).toEqual(
      theirs.record,
    );
    expect(await other.codes.findCode(theirCode.record.codeDigest)).toEqual(theirCode.record);
    for (const key of [...foreign, odd]) expect(await redis.exists(key), key).toBe(1);
    expect(await other.tokens.deleteExpired(now)).toBe(1);
    expect(await other.codes.deleteExpired(now)).toBe(1);
  });

  it('works through a client with an ioredis keyPrefix', async () => {
    const prefixed = new Redis(REDIS_URL, { keyPrefix: `${prefix}kp:` });
    try {
      const inner = createRedisStores(prefixed, { prefix: 'inner:' });
      const expiredAt = inSeconds(60);
      const token = makeToken({
        accessTokenExpiresAt: expiredAt,
        refreshTokenExpiresAt: expiredAt,
      });
      const code = makeCode({ expiresAt: expiredAt });
      await inner.tokens.saveToken(token.record);
      await inner.codes.saveCode(code.record);
      expect(await scanKeys(redis, `${prefix}kp:inner:*`)).toHaveLength(5);

      expect(await inner.tokens.deleteExpired(inSeconds(120))).toBe(1);
      expect(await inner.codes.deleteExpired(inSeconds(120))).toBe(1);
      expect(await scanKeys(redis, `${prefix}kp:inner:*`)).toEqual([]);
    } finally {
      await prefixed.quit();
    }
  });
});
