import { createKeys, createRedisStores, createRedisTokenStore } from '@oauthkit/redis';
import { redisKeyPrefix } from '@oauthkit/store-tests';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteKeys, scanKeys } from './helpers/raw-redis.js';
import { inSeconds, makeCode, makeToken, sleep } from './helpers/records.js';
import { REDIS_URL } from './helpers/redis-url.js';

const DAY_MS = 86_400_000;
const prefix = redisKeyPrefix('redis-token-store');
const keys = createKeys(prefix);
let redis: Redis;
let tokens: ReturnType<typeof createRedisTokenStore>;

beforeAll(async () => {
  redis = new Redis(REDIS_URL);
  tokens = createRedisTokenStore(redis, { prefix });
});

afterAll(async () => {
  await deleteKeys(redis, prefix);
  await redis.quit();
});

/** PTTL in ms; expects it to be within `slackMs` below `expectedMs` (-1: no TTL). */
async function expectTtl(key: string, expectedMs: number, slackMs = 10_000) {
  const pttl = await redis.pttl(key);
  if (expectedMs === -1) {
    expect(pttl, `${key} has no TTL`).toBe(-1);
    return;
  }
  expect(pttl, `${key} TTL`).toBeGreaterThan(expectedMs - slackMs);
  expect(pttl, `${key} TTL`).toBeLessThanOrEqual(expectedMs);
}

describe('key layout', () => {
  it('stores the record under its family tag, with digest pointers to it', async () => {
    const { record } = makeToken();
    const { familyId: f, accessTokenDigest: a, refreshTokenDigest: r } = record;
    await tokens.saveToken(record);
    const all = await scanKeys(redis, `${prefix}*`);
    expect(all.filter((k) => k.includes(a) || k.includes(r!) || k.includes(f)).sort()).toEqual(
      [
        `${prefix}access:${a}`,
        `${prefix}family:{${f}}`,
        `${prefix}refresh:${r}`,
        `${prefix}token:{${f}}:${a}`,
      ].sort(),
    );
    expect(await redis.get(`${prefix}access:${a}`)).toBe(f);
    expect(JSON.parse((await redis.get(`${prefix}refresh:${r}`))!)).toEqual([f, a]);
    expect(await redis.smembers(`${prefix}family:{${f}}`)).toEqual([a]);
    const hash = await redis.hgetall(`${prefix}token:{${f}}:${a}`);
    expect(hash).toMatchObject({
      access_token_digest: a,
      refresh_token_digest: r,
      family_id: f,
      issued_at: String(record.issuedAt.getTime()),
    });
    expect(hash).not.toHaveProperty('revoked_at');
  });
});

describe('expiry', () => {
  it('keeps a token until the later of its access and refresh expiry', async () => {
    const { record } = makeToken({ refreshTokenExpiresAt: inSeconds(30 * 86400) });
    await tokens.saveToken(record);
    const { familyId: f, accessTokenDigest: a, refreshTokenDigest: r } = record;
    for (const key of [keys.token(f, a), keys.accessPointer(a), keys.refreshPointer(r!)]) {
      await expectTtl(key, 30 * DAY_MS);
    }
    await expectTtl(keys.family(f), 30 * DAY_MS);

    const accessOnly = makeToken({ refreshTokenDigest: null, refreshTokenExpiresAt: null }).record;
    await tokens.saveToken(accessOnly);
    await expectTtl(keys.token(accessOnly.familyId, accessOnly.accessTokenDigest), 3_600_000);
    await expectTtl(keys.accessPointer(accessOnly.accessTokenDigest), 3_600_000);
  });

  it('gives no TTL to a refresh token that never expires', async () => {
    const { record } = makeToken({ refreshTokenExpiresAt: null });
    await tokens.saveToken(record);
    await expectTtl(keys.token(record.familyId, record.accessTokenDigest), -1);
    await expectTtl(keys.refreshPointer(record.refreshTokenDigest!), -1);
    await expectTtl(keys.family(record.familyId), -1);
    // A later, expiring member must not give the family set a TTL again.
    await tokens.saveToken(makeToken({ familyId: record.familyId }).record);
    await expectTtl(keys.family(record.familyId), -1);
  });

  it('takes the TTL off the family set when a member that never expires joins', async () => {
    const first = makeToken({ refreshTokenExpiresAt: inSeconds(3600) }).record;
    const f = first.familyId;
    await tokens.saveToken(first);
    await expectTtl(keys.family(f), 3_600_000);
    await tokens.saveToken(makeToken({ familyId: f, refreshTokenExpiresAt: null }).record);
    await expectTtl(keys.family(f), -1);
  });

  it('keeps the family set as long as its longest-lived member', async () => {
    const long = makeToken({ refreshTokenExpiresAt: inSeconds(7200) }).record;
    const f = long.familyId;
    await tokens.saveToken(
      makeToken({ familyId: f, refreshTokenExpiresAt: inSeconds(3600) }).record,
    );
    await expectTtl(keys.family(f), 3_600_000);
    await tokens.saveToken(long);
    await expectTtl(keys.family(f), 7_200_000);
    await tokens.saveToken(
      makeToken({ familyId: f, refreshTokenExpiresAt: inSeconds(1800) }).record,
    );
    await expectTtl(keys.family(f), 7_200_000);
  });

  it('lets a short-lived token vanish with its pointers and family', async () => {
    const { record } = makeToken({
      refreshTokenDigest: null,
      refreshTokenExpiresAt: null,
      accessTokenExpiresAt: new Date(Date.now() + 300),
    });
    await tokens.saveToken(record);
    const related = [
      keys.token(record.familyId, record.accessTokenDigest),
      keys.accessPointer(record.accessTokenDigest),
      keys.family(record.familyId),
    ];
    for (const key of related) {
      const pttl = await redis.pttl(key);
      expect(pttl).toBeGreaterThan(0);
      expect(pttl).toBeLessThanOrEqual(300);
    }
    expect(await tokens.findByAccessToken(record.accessTokenDigest)).toEqual(record);
    await sleep(450);
    expect(await redis.exists(...related)).toBe(0);
    expect(await tokens.findByAccessToken(record.accessTokenDigest)).toBeNull();
  });

  it('keeps a rotated record until its own expiry, so a replay is recognised', async () => {
    const old = makeToken().record;
    await tokens.saveToken(old);
    const next = makeToken({
      familyId: old.familyId,
      refreshTokenExpiresAt: inSeconds(60 * 86400),
    }).record;
    expect(await tokens.rotateRefreshToken(old.refreshTokenDigest!, next, new Date())).toBe(true);
    await expectTtl(keys.token(old.familyId, old.accessTokenDigest), 30 * DAY_MS);
    await expectTtl(keys.refreshPointer(old.refreshTokenDigest!), 30 * DAY_MS);
    await expectTtl(keys.token(next.familyId, next.accessTokenDigest), 60 * DAY_MS);
    await expectTtl(keys.family(old.familyId), 60 * DAY_MS);
    expect((await tokens.findByRefreshToken(old.refreshTokenDigest!))!.rotatedAt).not.toBeNull();
  });
});

describe('family revocation', () => {
  it('stores a token that joins a revoked family as revoked', async () => {
    const { record } = makeToken();
    const revokedAt = new Date(Date.now() - 1000);
    // The code was replayed before its first redemption saved any token.
    expect(await tokens.revokeFamily(record.familyId, revokedAt)).toBe(0);
    await expectTtl(keys.familyRevoked(record.familyId), DAY_MS);
    await tokens.saveToken(record);
    expect(await tokens.findByAccessToken(record.accessTokenDigest)).toEqual({
      ...record,
      revokedAt,
    });
    // The marker now lives as long as the member it guards against.
    await expectTtl(keys.familyRevoked(record.familyId), 30 * DAY_MS);
  });

  it('refuses to rotate into a revoked family even if a member was left active', async () => {
    const old = makeToken().record;
    await tokens.saveToken(old);
    await tokens.revokeFamily(old.familyId, new Date());
    // Simulate a member the family sweep missed: only the marker stops the rotation now.
    await redis.hdel(keys.token(old.familyId, old.accessTokenDigest), 'revoked_at');
    const next = makeToken({ familyId: old.familyId }).record;
    expect(await tokens.rotateRefreshToken(old.refreshTokenDigest!, next, new Date())).toBe(false);
    expect(await redis.exists(keys.token(next.familyId, next.accessTokenDigest))).toBe(0);
    // Its pointer claims were released.
    expect(await redis.exists(keys.accessPointer(next.accessTokenDigest))).toBe(0);
    expect(await redis.exists(keys.refreshPointer(next.refreshTokenDigest!))).toBe(0);
  });

  it('honours revokedFamilyTtlSeconds for a family with no members', async () => {
    const store = createRedisTokenStore(redis, { prefix, revokedFamilyTtlSeconds: 120 });
    const familyId = makeToken().record.familyId;
    expect(await store.revokeFamily(familyId, new Date())).toBe(0);
    await expectTtl(keys.familyRevoked(familyId), 120_000);
  });

  it('leaves no active member when saves race revokeFamily', async () => {
    const familyId = makeToken().record.familyId;
    const records = Array.from({ length: 30 }, () => makeToken({ familyId }).record);
    const now = new Date();
    await Promise.all([
      ...records.slice(0, 15).map((r) => tokens.saveToken(r)),
      tokens.revokeFamily(familyId, now),
      ...records.slice(15).map((r) => tokens.saveToken(r)),
    ]);
    for (const r of records) {
      const found = await tokens.findByAccessToken(r.accessTokenDigest);
      expect(found?.revokedAt, r.accessTokenDigest).toEqual(now);
    }
  });
});

describe('pointers', () => {
  it('re-validates a pointer against the record it leads to', async () => {
    const victim = makeToken().record;
    const other = makeToken().record;
    await tokens.saveToken(victim);
    await tokens.saveToken(other);
    // Point `other`'s digests at the victim's record: the record must not be returned.
    await redis.set(keys.accessPointer(other.accessTokenDigest), victim.familyId);
    await redis.set(
      keys.refreshPointer(other.refreshTokenDigest!),
      JSON.stringify([victim.familyId, victim.accessTokenDigest]),
    );
    expect(await tokens.findByAccessToken(other.accessTokenDigest)).toBeNull();
    expect(await tokens.findByRefreshToken(other.refreshTokenDigest!)).toBeNull();
    expect(await tokens.revokeAccessToken(other.accessTokenDigest, new Date())).toBe(false);
    const next = makeToken({ familyId: victim.familyId }).record;
    expect(await tokens.rotateRefreshToken(other.refreshTokenDigest!, next, new Date())).toBe(
      false,
    );
    expect(await tokens.findByAccessToken(victim.accessTokenDigest)).toEqual(victim);
  });

  it('releases its pointer claims when the insert is refused', async () => {
    const original = makeToken().record;
    await tokens.saveToken(original);
    const duplicate = makeToken({ accessTokenDigest: original.accessTokenDigest }).record;
    await expect(tokens.saveToken(duplicate)).rejects.toThrow(/duplicate/);
    expect(await redis.exists(keys.refreshPointer(duplicate.refreshTokenDigest!))).toBe(0);
    expect(await redis.get(keys.accessPointer(original.accessTokenDigest))).toBe(original.familyId);
  });
});

describe('caller mistakes', () => {
  it('throws TypeError for a malformed record, a bad date or a family change', async () => {
    await expect(tokens.saveToken(makeToken({ familyId: '' }).record)).rejects.toThrow(TypeError);
    await expect(
      tokens.saveToken(makeToken({ issuedAt: new Date('nope') }).record),
    ).rejects.toThrow(TypeError);
    const old = makeToken().record;
    await tokens.saveToken(old);
    await expect(
      tokens.rotateRefreshToken(old.refreshTokenDigest!, makeToken().record, new Date()),
    ).rejects.toThrow(/family/);
    await expect(tokens.revokeFamily(old.familyId, 'now' as never)).rejects.toThrow(TypeError);
    expect(await tokens.findByAccessToken(old.accessTokenDigest)).toEqual(old);
  });
});

describe('ioredis keyPrefix', () => {
  it('applies the client keyPrefix to the keys scripts build themselves', async () => {
    const prefixed = new Redis(REDIS_URL, { keyPrefix: `${prefix}kp:` });
    try {
      const store = createRedisTokenStore(prefixed, { prefix: 'inner:' });
      const members = [1, 2].map(() => makeToken()).map((t) => t.record);
      members[1]!.familyId = members[0]!.familyId;
      for (const m of members) await store.saveToken(m);
      expect(await store.revokeFamily(members[0]!.familyId, new Date())).toBe(2);
      const key = `${prefix}kp:inner:token:{${members[1]!.familyId}}:${members[1]!.accessTokenDigest}`;
      expect(await redis.hget(key, 'revoked_at')).not.toBeNull();
    } finally {
      await prefixed.quit();
    }
  });

  it('follows pointers to records under the keyPrefix in the one-node scripts', async () => {
    const prefixed = new Redis(REDIS_URL, { keyPrefix: `${prefix}kp2:` });
    try {
      const stores = createRedisStores(prefixed, { prefix: 'inner:' });
      const old = makeToken().record;
      await stores.tokens.saveToken(old);
      expect(await stores.tokens.findByAccessToken(old.accessTokenDigest)).toEqual(old);
      expect(await stores.tokens.findByRefreshToken(old.refreshTokenDigest!)).toEqual(old);
      const next = makeToken({ familyId: old.familyId }).record;
      const now = new Date();
      expect(await stores.tokens.rotateRefreshToken(old.refreshTokenDigest!, next, now)).toBe(true);
      expect(await stores.tokens.revokeAccessToken(next.accessTokenDigest, now)).toBe(true);
      const code = makeCode().record;
      await stores.codes.saveCode(code);
      const token = makeToken({ familyId: code.familyId }).record;
      const redeemed = await stores.codes.redeemCode!(code.codeDigest, now, token, stores.tokens);
      expect(redeemed!.status).toBe('consumed');
      expect(await stores.tokens.findByAccessToken(token.accessTokenDigest)).toEqual(token);
      const stored = await scanKeys(redis, `${prefix}kp2:inner:*`);
      expect(stored).toContain(
        `${prefix}kp2:inner:token:{${code.familyId}}:${token.accessTokenDigest}`,
      );
      expect(stored).toContain(`${prefix}kp2:inner:access:${token.accessTokenDigest}`);
      expect(await scanKeys(redis, 'inner:*')).toEqual([]);
    } finally {
      await prefixed.quit();
    }
  });
});
