import type { TokenRecord } from '@oauthkit/core';
import { createKeys, createRedisStores } from '@oauthkit/redis';
import { redisKeyPrefix } from '@oauthkit/store-tests';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { deleteKeys, scanKeys } from './helpers/raw-redis.js';
import { makeCode, makeToken } from './helpers/records.js';
import { REDIS_URL } from './helpers/redis-url.js';

const basePrefix = redisKeyPrefix('redis-redeem-after-find');
let redis: Redis;

beforeAll(() => {
  redis = new Redis(REDIS_URL);
});
afterEach(() => {
  vi.restoreAllMocks();
});
afterAll(async () => {
  await deleteKeys(redis, basePrefix);
  await redis.quit();
});

/** The last argument of every `redeemCodeScript` call sent on `redis` from now on. */
function redeemFlags(client: Redis): string[] {
  const flags: string[] = [];
  const send = client.sendCommand.bind(client);
  vi.spyOn(client, 'sendCommand').mockImplementation((command, stream) => {
    const { name, args } = command as unknown as { name: string; args: unknown[] };
    // EVALSHA sha numkeys, the code and the token's 5 keys, now, the token's 5 args, flag.
    if (name === 'evalsha' && args.length === 15) flags.push(String(args[14]));
    return send(command, stream);
  });
  return flags;
}

// A code exchange reads the code (findCode), then redeems it. On one node the redemption
// then leaves the record out of its answer, so these check that the record, the single use
// and the token are what they are without findCode first, and on the Cluster path too.
describe.each([
  { path: 'one script (one node)', crossSlotScripts: true },
  { path: 'save, consume, take back (Cluster path)', crossSlotScripts: false },
])('redeemCode after findCode: $path', ({ crossSlotScripts }) => {
  const prefix = `${basePrefix}${crossSlotScripts ? 'one' : 'slots'}:`;
  const keys = createKeys(prefix);
  let stores: ReturnType<typeof createRedisStores>;
  beforeAll(() => {
    stores = createRedisStores(redis, { prefix, crossSlotScripts });
  });

  async function foundCode() {
    const code = makeCode().record;
    await stores.codes.saveCode(code);
    expect(await stores.codes.findCode(code.codeDigest)).toEqual(code);
    return { code, token: makeToken({ familyId: code.familyId }).record };
  }

  const redeem = (digest: string, token: TokenRecord, now = new Date()) =>
    stores.codes.redeemCode!(digest, now, token, stores.tokens);

  it('consumed with the record as it was, the token saved, a second redeem replayed', async () => {
    const { code, token } = await foundCode();
    const flags = redeemFlags(redis);
    const now = new Date();
    expect(await redeem(code.codeDigest, token, now)).toEqual({ status: 'consumed', code });
    expect(flags).toEqual(crossSlotScripts ? ['1'] : []);
    expect(await stores.tokens.findByAccessToken(token.accessTokenDigest)).toEqual(token);
    expect(await stores.codes.findCode(code.codeDigest)).toEqual({ ...code, consumedAt: now });

    const other = makeToken({ familyId: code.familyId }).record;
    const later = new Date(now.getTime() + 1000);
    expect(await redeem(code.codeDigest, other, later)).toEqual({
      status: 'replayed',
      code: { ...code, consumedAt: now, replayedAt: later },
    });
    expect(await stores.tokens.findByAccessToken(other.accessTokenDigest)).toBeNull();
  });

  it('a code consumed between findCode and redeemCode: replayed, with the marks, nothing saved', async () => {
    const { code, token } = await foundCode();
    const consumedAt = new Date();
    expect((await stores.codes.consumeCode(code.codeDigest, consumedAt)).status).toBe('consumed');
    const later = new Date(consumedAt.getTime() + 1000);
    expect(await redeem(code.codeDigest, token, later)).toEqual({
      status: 'replayed',
      code: { ...code, consumedAt, replayedAt: later },
    });
    expect(await scanKeys(redis, `${prefix}*{${code.familyId}}*`)).toEqual([]);
    expect(await redis.exists(keys.accessPointer(token.accessTokenDigest))).toBe(0);
  });

  it('a code gone between findCode and redeemCode: not_found, nothing saved', async () => {
    const { code, token } = await foundCode();
    await redis.del(keys.code(code.codeDigest));
    expect(await redeem(code.codeDigest, token)).toEqual({ status: 'not_found' });
    expect(await scanKeys(redis, `${prefix}*{${code.familyId}}*`)).toEqual([]);
  });

  it('50 servers at once, each findCode then redeemCode: exactly one consumes, one token', async () => {
    // Stores of their own, as in 50 processes: each remembers the code it found.
    const servers = Array.from({ length: 50 }, () =>
      createRedisStores(redis, { prefix, crossSlotScripts }),
    );
    const code = makeCode().record;
    await stores.codes.saveCode(code);
    const tokens = servers.map(() => makeToken({ familyId: code.familyId }).record);
    const flags = redeemFlags(redis);
    const found = await Promise.all(servers.map((s) => s.codes.findCode(code.codeDigest)));
    expect(found).toEqual(servers.map(() => code));
    const results = await Promise.all(
      servers.map((s, i) => s.codes.redeemCode!(code.codeDigest, new Date(), tokens[i]!, s.tokens)),
    );
    expect(flags).toEqual(crossSlotScripts ? servers.map(() => '1') : []);
    const statuses = results.map((r) => r!.status);
    expect(statuses.filter((s) => s === 'consumed')).toHaveLength(1);
    expect(statuses.filter((s) => s === 'replayed')).toHaveLength(49);
    expect(results.find((r) => r!.status === 'consumed')).toEqual({ status: 'consumed', code });
    const winner = tokens[statuses.indexOf('consumed')]!;
    const records = await scanKeys(redis, `${prefix}token:{${code.familyId}}:*`);
    expect(records).toEqual([keys.token(code.familyId, winner.accessTokenDigest)]);
    expect(await redis.smembers(keys.family(code.familyId))).toEqual([winner.accessTokenDigest]);
  });

  it('a token that cannot be saved rejects and leaves the code for the next redeem', async () => {
    const { code, token } = await foundCode();
    const taken = makeToken({ familyId: code.familyId }).record;
    await stores.tokens.saveToken(taken);
    const duplicate = { ...token, accessTokenDigest: taken.accessTokenDigest };
    await expect(redeem(code.codeDigest, duplicate)).rejects.toThrow();
    expect((await stores.codes.findCode(code.codeDigest))!.consumedAt).toBeNull();
    expect(await redeem(code.codeDigest, token)).toEqual({ status: 'consumed', code });
    expect(await stores.tokens.findByAccessToken(token.accessTokenDigest)).toEqual(token);
  });
});
