import { spawnSync } from 'node:child_process';
import { createKeys, createRedisStores } from '@oauthkit/redis';
import {
  injectRedisFailures,
  redisKeyPrefix,
  runStoreConformanceSuite,
} from '@oauthkit/store-tests';
import { Cluster } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRawReader, deleteKeys, scanKeys } from './helpers/raw-redis.js';
import { makeCode, makeToken, sleep } from './helpers/records.js';
import { type LocalRedisCluster, startLocalRedisCluster } from './helpers/redis-cluster.js';

const hasRedisServer = spawnSync('redis-server', ['--version']).status === 0;
const skip = hasRedisServer ? undefined : 'no redis-server binary to start a local cluster';
let cluster: LocalRedisCluster | undefined;

const connect = () => new Cluster(cluster!.nodes, { redisOptions: { maxRetriesPerRequest: 3 } });

beforeAll(async () => {
  if (!skip) cluster = await startLocalRedisCluster(3);
});
afterAll(async () => {
  await cluster?.stop();
});

const suitePrefix = redisKeyPrefix('redis-cluster');
let suiteClient: Cluster | undefined;

runStoreConformanceSuite({
  name: 'redis/cluster',
  skip,
  async setup() {
    suiteClient = connect();
    const client = suiteClient;
    return {
      stores: createRedisStores(client, { prefix: suitePrefix }),
      raw: createRawReader(client, suitePrefix),
      reset: () => deleteKeys(client, suitePrefix),
      async faulty(okCalls) {
        const faulty = connect();
        await faulty.ping();
        injectRedisFailures(faulty, okCalls);
        return {
          stores: createRedisStores(faulty, { prefix: suitePrefix }),
          close: async () => faulty.disconnect(),
        };
      },
    };
  },
  async teardown() {
    await suiteClient?.quit();
  },
});

describe.skipIf(skip !== undefined)('redis cluster layout', () => {
  const prefix = redisKeyPrefix('redis-cluster-layout');
  const keys = createKeys(prefix);
  let redis: Cluster;
  let stores: ReturnType<typeof createRedisStores>;
  const slotOf = async (key: string) => Number(await redis.cluster('KEYSLOT', key));

  beforeAll(() => {
    redis = connect();
    stores = createRedisStores(redis, { prefix });
  });
  afterAll(async () => {
    await redis.quit();
  });

  it('keeps every key of one family on one slot, and pointers elsewhere', async () => {
    const first = makeToken().record;
    const { familyId } = first;
    const members = [first, ...[1, 2, 3].map(() => makeToken({ familyId }).record)];
    for (const m of members) await stores.tokens.saveToken(m);
    const next = makeToken({ familyId }).record;
    expect(
      await stores.tokens.rotateRefreshToken(first.refreshTokenDigest!, next, new Date()),
    ).toBe(true);
    await stores.tokens.revokeFamily(familyId, new Date());

    const familyKeys = await scanKeys(redis, `${prefix}*{${familyId}}*`);
    expect(familyKeys.sort()).toEqual(
      [
        keys.family(familyId),
        keys.familyRevoked(familyId),
        ...[...members, next].map((m) => keys.token(familyId, m.accessTokenDigest)),
      ].sort(),
    );
    const slots = new Set(await Promise.all(familyKeys.map(slotOf)));
    expect(slots.size, 'slots of the family keys').toBe(1);

    // Pointer keys hash on the digest alone: across ten of them, some leave the family slot.
    const pointerSlots = await Promise.all(
      [...members, next].flatMap((m) => [
        slotOf(keys.accessPointer(m.accessTokenDigest)),
        slotOf(keys.refreshPointer(m.refreshTokenDigest!)),
      ]),
    );
    expect(pointerSlots.some((s) => !slots.has(s))).toBe(true);
  });

  it('runs every script on families spread over all three masters', async () => {
    const masters = redis.nodes('master');
    expect(masters).toHaveLength(3);
    const seen = new Set<string>();
    // Family ids are random: go on until every master holds one (3 * (2/3)^60 odds to fail).
    for (let i = 0; i < 60 && (i < 6 || seen.size < 3); i++) {
      const old = makeToken().record;
      await stores.tokens.saveToken(old);
      const next = makeToken({ familyId: old.familyId }).record;
      const now = new Date();
      expect(await stores.tokens.rotateRefreshToken(old.refreshTokenDigest!, next, now)).toBe(true);
      expect(await stores.tokens.revokeAccessToken(next.accessTokenDigest, now)).toBe(true);
      expect(await stores.tokens.revokeFamily(old.familyId, now)).toBe(0);
      expect((await stores.tokens.findByRefreshToken(next.refreshTokenDigest!))!.revokedAt).toEqual(
        now,
      );
      const code = makeCode().record;
      await stores.codes.saveCode(code);
      expect((await stores.codes.consumeCode(code.codeDigest, now)).status).toBe('consumed');
      // Which master holds this family's records?
      const slot = await slotOf(keys.family(old.familyId));
      expect(await redis.exists(keys.family(old.familyId))).toBe(1);
      seen.add(redis.slots[slot]![0]!);
    }
    expect(seen.size, 'masters holding a family').toBe(3);
  });

  it('refuses crossSlotScripts: true on a Cluster client', () => {
    expect(() => createRedisStores(redis, { prefix, crossSlotScripts: true })).toThrow(TypeError);
  });

  it('refuses coalesceWrites: true on a Cluster client (one socket per node)', () => {
    expect(() => createRedisStores(redis, { prefix, coalesceWrites: true })).toThrow(
      /coalesceWrites cannot be true/,
    );
    expect(() => createRedisStores(redis, { prefix, coalesceWrites: false })).not.toThrow();
  });

  it('sends every command, scripts included, with keys of one slot only', async () => {
    // Record the keys of every command the stores send through this client.
    const sent: { name: string; keys: string[] }[] = [];
    const sender = redis as unknown as {
      sendCommand(command: { name: string; getKeys(): (string | Buffer)[] }): unknown;
    };
    const send = sender.sendCommand.bind(sender);
    sender.sendCommand = (command) => {
      sent.push({ name: command.name, keys: command.getKeys().map(String) });
      return send(command);
    };
    const now = new Date();
    try {
      const code = makeCode().record;
      await stores.codes.saveCode(code);
      await stores.codes.findCode(code.codeDigest);
      const redeemed = makeToken({ familyId: code.familyId }).record;
      const redeem = (token: typeof redeemed) =>
        stores.codes.redeemCode!(code.codeDigest, now, token, stores.tokens);
      expect((await redeem(redeemed))!.status).toBe('consumed');
      // A replay's redemption saves its token, loses the code and takes the token back.
      const replay = makeToken({ familyId: code.familyId }).record;
      expect((await redeem(replay))!.status).toBe('replayed');
      expect(await stores.tokens.findByAccessToken(replay.accessTokenDigest)).toBeNull();
      await stores.codes.consumeCode(code.codeDigest, now);
      const old = makeToken({ familyId: code.familyId }).record;
      await stores.tokens.saveToken(old);
      await stores.tokens.findByAccessToken(old.accessTokenDigest);
      await stores.tokens.findByRefreshToken(old.refreshTokenDigest!);
      const next = makeToken({ familyId: old.familyId }).record;
      const accessOnly = { ...makeToken({ familyId: old.familyId }).record };
      accessOnly.refreshTokenDigest = null;
      accessOnly.refreshTokenExpiresAt = null;
      expect(
        await stores.tokens.rotateRefreshToken(old.refreshTokenDigest!, next, now, accessOnly),
      ).toBe(true);
      await stores.tokens.revokeAccessToken(next.accessTokenDigest, now);
      await stores.tokens.revokeFamily(old.familyId, now);
      await stores.tokens.revokeClientTokens!(old.clientId, now);
      await stores.tokens.deleteExpired(now);
      await stores.codes.deleteExpired(now);
    } finally {
      sender.sendCommand = send;
    }
    const scripts = sent.filter((c) => c.name === 'evalsha' || c.name === 'eval');
    expect(scripts.length).toBeGreaterThan(8);
    for (const command of sent) {
      const slots = new Set(await Promise.all(command.keys.map(slotOf)));
      expect(slots.size, `${command.name} ${command.keys.join(' ')}`).toBeLessThanOrEqual(1);
    }
  });

  it('gives token and code keys a TTL, and a short-lived code vanishes', async () => {
    const { record } = makeToken();
    await stores.tokens.saveToken(record);
    const ttl = await redis.pttl(keys.token(record.familyId, record.accessTokenDigest));
    expect(ttl).toBeGreaterThan(29 * 86_400_000);
    expect(await redis.pttl(keys.refreshPointer(record.refreshTokenDigest!))).toBeGreaterThan(0);

    const code = makeCode({ expiresAt: new Date(Date.now() + 300) }).record;
    await stores.codes.saveCode(code);
    const codeTtl = await redis.pttl(keys.code(code.codeDigest));
    expect(codeTtl).toBeGreaterThan(0);
    expect(codeTtl).toBeLessThanOrEqual(300);
    expect((await stores.codes.consumeCode(code.codeDigest, new Date())).status).toBe('consumed');
    await sleep(450);
    expect(await redis.exists(keys.code(code.codeDigest))).toBe(0);
    expect(await stores.codes.consumeCode(code.codeDigest, new Date())).toEqual({
      status: 'not_found',
    });
  });

  afterAll(async () => {
    await deleteKeys(redis, prefix);
  });
});
