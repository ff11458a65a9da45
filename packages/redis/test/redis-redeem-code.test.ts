import type { TokenRecord } from '@oauthkit/core';
import { checkedStores } from '@oauthkit/core/stores';
import { createMemoryStores } from '@oauthkit/core/testing';
import {
  createKeys,
  createRedisCodeStore,
  createRedisStores,
  createRedisTokenStore,
} from '@oauthkit/redis';
import { injectRedisFailures, redisKeyPrefix } from '@oauthkit/store-tests';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteKeys, scanKeys } from './helpers/raw-redis.js';
import { makeCode, makeToken } from './helpers/records.js';
import { REDIS_URL } from './helpers/redis-url.js';

const basePrefix = redisKeyPrefix('redis-redeem-code');
let redis: Redis;

beforeAll(() => {
  redis = new Redis(REDIS_URL);
});
afterAll(async () => {
  await deleteKeys(redis, basePrefix);
  await redis.quit();
});

// One script on one node; on a Cluster (`crossSlotScripts: false` takes that path here) the
// token saved, the code consumed, the token taken back by a call that lost the code.
describe.each([
  { path: 'one script (one node)', crossSlotScripts: true },
  { path: 'save, consume, take back (Cluster path)', crossSlotScripts: false },
])('redeemCode: $path', ({ crossSlotScripts }) => {
  const prefix = `${basePrefix}${crossSlotScripts ? 'one' : 'slots'}:`;
  const keys = createKeys(prefix);
  let stores: ReturnType<typeof createRedisStores>;
  beforeAll(() => {
    stores = createRedisStores(redis, { prefix, crossSlotScripts });
  });

  /** A stored code, and a token of its family to redeem it with. */
  async function storedCode() {
    const code = makeCode().record;
    await stores.codes.saveCode(code);
    return { code, token: makeToken({ familyId: code.familyId }).record };
  }

  /** Every key that would show a token of `familyId` was saved: record, family, pointers. */
  async function familyKeys(familyId: string): Promise<string[]> {
    return scanKeys(redis, `${prefix}*{${familyId}}*`);
  }

  const redeem = (digest: string, token: TokenRecord, now = new Date()) =>
    stores.codes.redeemCode!(digest, now, token, stores.tokens);

  it('consumes the code and saves the token: consumed, then replayed, unknown not_found', async () => {
    const { code, token } = await storedCode();
    const now = new Date();
    const first = await redeem(code.codeDigest, token, now);
    expect(first).toEqual({ status: 'consumed', code });
    expect(await stores.tokens.findByAccessToken(token.accessTokenDigest)).toEqual(token);
    expect(await stores.tokens.findByRefreshToken(token.refreshTokenDigest!)).toEqual(token);
    expect((await stores.codes.findCode(code.codeDigest))!.consumedAt).toEqual(now);

    const other = makeToken({ familyId: code.familyId }).record;
    const later = new Date(now.getTime() + 1000);
    const second = await redeem(code.codeDigest, other, later);
    expect(second).toEqual({
      status: 'replayed',
      code: { ...code, consumedAt: now, replayedAt: later },
    });
    expect(await stores.tokens.findByAccessToken(other.accessTokenDigest)).toBeNull();
    expect(await redis.exists(keys.accessPointer(other.accessTokenDigest))).toBe(0);

    const unknown = makeCode().record;
    const lone = makeToken({ familyId: unknown.familyId }).record;
    expect(await redeem(unknown.codeDigest, lone)).toEqual({ status: 'not_found' });
    expect(await familyKeys(unknown.familyId)).toEqual([]);
    expect(await redis.exists(keys.code(unknown.codeDigest))).toBe(0);
  });

  it('gives the token the TTLs and pointers saveToken gives it', async () => {
    const { code, token } = await storedCode();
    await redeem(code.codeDigest, token);
    const saved = makeToken({ familyId: code.familyId }).record;
    await stores.tokens.saveToken(saved);
    const { familyId } = token;
    const record = await redis.pttl(keys.token(familyId, token.accessTokenDigest));
    const viaSave = await redis.pttl(keys.token(familyId, saved.accessTokenDigest));
    expect(Math.abs(record - viaSave)).toBeLessThan(5_000);
    expect(await redis.get(keys.accessPointer(token.accessTokenDigest))).toBe(familyId);
    expect(JSON.parse((await redis.get(keys.refreshPointer(token.refreshTokenDigest!)))!)).toEqual([
      familyId,
      token.accessTokenDigest,
    ]);
    expect((await redis.smembers(keys.family(familyId))).sort()).toEqual(
      [token.accessTokenDigest, saved.accessTokenDigest].sort(),
    );
  });

  it('50 concurrent redeems: exactly one consumes, exactly one token is saved', async () => {
    const { code } = await storedCode();
    const tokens = Array.from({ length: 50 }, () => makeToken({ familyId: code.familyId }).record);
    const results = await Promise.all(tokens.map((t) => redeem(code.codeDigest, t)));
    const statuses = results.map((r) => r!.status);
    expect(statuses.filter((s) => s === 'consumed')).toHaveLength(1);
    expect(statuses.filter((s) => s === 'replayed')).toHaveLength(49);
    const winner = tokens[statuses.indexOf('consumed')]!;
    const records = await scanKeys(redis, `${prefix}token:{${code.familyId}}:*`);
    expect(records).toEqual([keys.token(code.familyId, winner.accessTokenDigest)]);
    expect(await redis.smembers(keys.family(code.familyId))).toEqual([winner.accessTokenDigest]);
    const pointers = await Promise.all(
      tokens.flatMap((t) => [
        redis.exists(keys.accessPointer(t.accessTokenDigest)),
        redis.exists(keys.refreshPointer(t.refreshTokenDigest!)),
      ]),
    );
    expect(pointers.reduce((a, b) => a + b, 0)).toBe(2);
  });

  it('a redeem losing to consumeCode saves nothing, and each racing pair has one winner', async () => {
    const { code, token } = await storedCode();
    expect((await stores.codes.consumeCode(code.codeDigest, new Date())).status).toBe('consumed');
    expect((await redeem(code.codeDigest, token))!.status).toBe('replayed');
    expect(await familyKeys(code.familyId)).toEqual([]);
    expect(await redis.exists(keys.accessPointer(token.accessTokenDigest))).toBe(0);

    for (let i = 0; i < 20; i++) {
      const raced = await storedCode();
      const [consumed, redeemed] = await Promise.all([
        stores.codes.consumeCode(raced.code.codeDigest, new Date()),
        redeem(raced.code.codeDigest, raced.token),
      ]);
      expect([consumed.status, redeemed!.status].sort()).toEqual(['consumed', 'replayed']);
      const saved = await stores.tokens.findByAccessToken(raced.token.accessTokenDigest);
      expect(saved !== null, 'token saved exactly when redeem won').toBe(
        redeemed!.status === 'consumed',
      );
    }
  });

  it('a token that cannot be saved (digest already stored) rejects and leaves the code unconsumed', async () => {
    const { code, token } = await storedCode();
    await stores.tokens.saveToken(token);
    // The same access digest, then only the same refresh digest: each is a duplicate.
    const sameAccess = { ...makeToken({ familyId: code.familyId }).record };
    sameAccess.accessTokenDigest = token.accessTokenDigest;
    const sameRefresh = makeToken({ familyId: code.familyId }).record;
    sameRefresh.refreshTokenDigest = token.refreshTokenDigest;
    // Another family's record under the same access digest: the pointer catches it.
    const elsewhere = makeToken().record;
    elsewhere.accessTokenDigest = token.accessTokenDigest;
    for (const duplicate of [sameAccess, sameRefresh, elsewhere]) {
      await expect(redeem(code.codeDigest, duplicate)).rejects.toThrow(/duplicate/);
      const stored = await stores.codes.findCode(code.codeDigest);
      expect(stored).toEqual(code);
    }
    expect(await stores.tokens.findByAccessToken(token.accessTokenDigest)).toEqual(token);
    expect(await redis.smembers(keys.family(code.familyId))).toEqual([token.accessTokenDigest]);
    // Still redeemable with a fresh token.
    const fresh = makeToken({ familyId: code.familyId }).record;
    expect((await redeem(code.codeDigest, fresh))!.status).toBe('consumed');
  });

  it('stores the token revoked when its family was revoked before (a replay got there first)', async () => {
    const { code, token } = await storedCode();
    const revokedAt = new Date();
    await stores.tokens.revokeFamily(code.familyId, revokedAt);
    expect((await redeem(code.codeDigest, token))!.status).toBe('consumed');
    const saved = await stores.tokens.findByAccessToken(token.accessTokenDigest);
    expect(saved!.revokedAt).toEqual(revokedAt);
  });

  it('resolves undefined and touches nothing for a token store it was not made with', async () => {
    const { code, token } = await storedCode();
    const foreign = [
      createMemoryStores().tokens,
      createRedisTokenStore(redis, { prefix: `${prefix}other:` }),
      { ...stores.tokens },
      createRedisTokenStore(new Redis(REDIS_URL, { lazyConnect: true }), { prefix }),
    ];
    for (const tokens of foreign) {
      expect(await stores.codes.redeemCode!(code.codeDigest, new Date(), token, tokens)).toBe(
        undefined,
      );
    }
    expect(await stores.codes.findCode(code.codeDigest)).toEqual(code);
    expect(await familyKeys(code.familyId)).toEqual([]);
    expect(await scanKeys(redis, `${prefix}other:*`)).toEqual([]);
  });

  it('accepts a token store of the same client and prefix, and the server-wrapped one', async () => {
    const separate = createRedisCodeStore(redis, { prefix, crossSlotScripts });
    const tokens = createRedisTokenStore(redis, { prefix, crossSlotScripts });
    const first = await storedCode();
    expect(
      (await separate.redeemCode!(first.code.codeDigest, new Date(), first.token, tokens))!.status,
    ).toBe('consumed');
    // What the server holds: every store wrapped again, the code store handed its own back.
    const wrapped = checkedStores(stores);
    const second = await storedCode();
    const result = await wrapped.codes.redeemCode!(
      second.code.codeDigest,
      new Date(),
      second.token,
      wrapped.tokens,
    );
    expect(result!.status).toBe('consumed');
    expect(await stores.tokens.findByAccessToken(second.token.accessTokenDigest)).toEqual(
      second.token,
    );
  });
});

it('Cluster path: a replay is reported even when taking its token back fails', async () => {
  const prefix = `${basePrefix}faulty:`;
  const stores = createRedisStores(redis, { prefix, crossSlotScripts: false });
  const code = makeCode().record;
  await stores.codes.saveCode(code);
  await stores.codes.consumeCode(code.codeDigest, new Date());
  const faulty = new Redis(REDIS_URL, { maxRetriesPerRequest: 0 });
  try {
    await faulty.ping();
    // Two pointer claims, the save script and the consume script go through; the rest fail.
    injectRedisFailures(faulty, 4);
    const broken = createRedisStores(faulty, { prefix, crossSlotScripts: false });
    const token = makeToken({ familyId: code.familyId }).record;
    const result = await broken.codes.redeemCode!(
      code.codeDigest,
      new Date(),
      token,
      broken.tokens,
    );
    expect(result!.status).toBe('replayed');
  } finally {
    faulty.disconnect();
  }
});

it('refuses a crossSlotScripts that is not a boolean', () => {
  expect(() => createRedisStores(redis, { crossSlotScripts: 'yes' as never })).toThrow(TypeError);
});
