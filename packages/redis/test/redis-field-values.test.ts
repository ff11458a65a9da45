import { createKeys, createRedisStores } from '@oauthkit/redis';
import { redisKeyPrefix } from '@oauthkit/store-tests';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteKeys } from './helpers/raw-redis.js';
import { makeCode, makeToken } from './helpers/records.js';
import { REDIS_URL } from './helpers/redis-url.js';

// Records travel between the client and the scripts as JSON (token fields into a script,
// code fields out of one): every value must come back as a plain argument and a plain
// HGETALL would have carried it. A lone UTF-16 surrogate is stored as U+FFFD either way.
const ODD = 'a\ud800b "q" \\ \\ud800 / \u0000\u001f\u2028 é 😀 {"k":[1]}';
const STORED = ODD.replace('\ud800', '\ufffd');

const basePrefix = redisKeyPrefix('redis-field-values');
let redis: Redis;

beforeAll(() => {
  redis = new Redis(REDIS_URL);
});
afterAll(async () => {
  await deleteKeys(redis, basePrefix);
  await redis.quit();
});

describe.each([
  { path: 'one node', crossSlotScripts: true },
  { path: 'Cluster path', crossSlotScripts: false },
])('odd field values: $path', ({ crossSlotScripts }) => {
  const prefix = `${basePrefix}${crossSlotScripts ? 'one' : 'slots'}:`;
  const keys = createKeys(prefix);
  let stores: ReturnType<typeof createRedisStores>;
  beforeAll(() => {
    stores = createRedisStores(redis, { prefix, crossSlotScripts });
  });

  it('keeps a token field as a plain argument would', async () => {
    const { record } = makeToken({ scope: ODD, userId: ODD });
    await stores.tokens.saveToken(record);
    const hash = await redis.hgetall(keys.token(record.familyId, record.accessTokenDigest));
    expect(hash['scope']).toBe(STORED);
    expect(hash['user_id']).toBe(STORED);
    expect(await stores.tokens.findByAccessToken(record.accessTokenDigest)).toEqual({
      ...record,
      scope: STORED,
      userId: STORED,
    });
  });

  it('reads, consumes and redeems a code with odd fields unchanged', async () => {
    const odd = { scope: ODD, nonce: ODD, redirectUri: ODD, userId: ODD };
    const stored = { scope: STORED, nonce: STORED, redirectUri: STORED, userId: STORED };
    const first = makeCode(odd).record;
    await stores.codes.saveCode(first);
    expect(await stores.codes.findCode(first.codeDigest)).toEqual({ ...first, ...stored });
    const now = new Date();
    expect(await stores.codes.consumeCode(first.codeDigest, now)).toEqual({
      status: 'consumed',
      code: { ...first, ...stored },
    });

    const second = makeCode(odd).record;
    await stores.codes.saveCode(second);
    const token = makeToken({ familyId: second.familyId, scope: ODD }).record;
    const redeemed = await stores.codes.redeemCode!(second.codeDigest, now, token, stores.tokens);
    expect(redeemed).toEqual({ status: 'consumed', code: { ...second, ...stored } });
    expect(await stores.tokens.findByAccessToken(token.accessTokenDigest)).toEqual({
      ...token,
      scope: STORED,
    });
  });
});
