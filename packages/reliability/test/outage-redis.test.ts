import { createRedisStores } from '@oauthkit/redis';
import { getServiceUrl, redisKeyPrefix } from '@oauthkit/store-tests';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach, describe, test } from 'vitest';
import { type CutMode, createTcpProxy, type StoredState, type TcpProxy } from '../src/index.js';
import {
  createOutageServer,
  expectOutageHandled,
  REQUIRED_TOKEN_FIELDS,
} from './support/outage-harness.js';
import { skipUnlessInCi } from './support/service-required-in-ci.js';

const service = await getServiceUrl('redis', { docker: false });
// In CI a missing service fails the run instead of skipping it.
const skip = skipUnlessInCi(service);

async function scan(redis: Redis, pattern: string): Promise<string[]> {
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    keys.push(...batch);
    cursor = next;
  } while (cursor !== '0');
  return keys;
}

async function deleteKeys(redis: Redis, prefix: string): Promise<void> {
  const keys = await scan(redis, `${prefix}*`);
  for (let i = 0; i < keys.length; i += 500) await redis.del(...keys.slice(i, i + 500));
}

/** Every token and code under the prefix, read with plain commands on the direct client. */
async function readState(redis: Redis, prefix: string): Promise<StoredState> {
  const read = (keys: string[]) => Promise.all(keys.map((k) => redis.hgetall(k)));
  const tokens = await read(await scan(redis, `${prefix}token:*`));
  const codes = await scan(redis, `${prefix}code:*`);
  const codeHashes = await read(codes);
  return {
    tokens: tokens.map((h) => ({
      accessTokenDigest: h.access_token_digest ?? '',
      refreshTokenDigest: h.refresh_token_digest ?? null,
      familyId: h.family_id ?? '',
      grantType: h.grant_type ?? '',
      rotated: h.rotated_at !== undefined,
      missingFields: REQUIRED_TOKEN_FIELDS.filter((f) => !h[f]),
    })),
    codes: codes.map((key, i) => ({
      codeDigest: key.slice(`${prefix}code:`.length),
      consumed: codeHashes[i]!.consumed_at !== undefined,
    })),
  };
}

describe.skipIf(skip !== undefined)('Redis outage under load', () => {
  const prefix = redisKeyPrefix('reliability-outage');
  let direct: Redis;
  let proxied: Redis;
  let proxy: TcpProxy;
  const clientEvents = { errors: 0, reconnects: 0 };

  beforeAll(async () => {
    const url = new URL((service as { url: string }).url);
    direct = new Redis(url.toString());
    proxy = await createTcpProxy({ host: url.hostname, port: Number(url.port || 6379) });
    // Fail fast instead of queueing: without these, ioredis holds every command while it
    // reconnects (offline queue, 20 retries per request) and a store call outlives the outage.
    proxied = new Redis({
      host: '127.0.0.1',
      port: proxy.port,
      db: Number(url.pathname.slice(1) || 0),
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      connectTimeout: 500,
      commandTimeout: 1_000,
      retryStrategy: () => 100,
      lazyConnect: true,
    });
    proxied.on('error', () => clientEvents.errors++);
    proxied.on('reconnecting', () => clientEvents.reconnects++);
    await proxied.connect();
  });

  afterAll(async () => {
    proxied?.disconnect();
    await proxy?.close();
    if (direct) {
      await deleteKeys(direct, prefix);
      await direct.quit();
    }
  });

  beforeEach(async () => {
    // Each scenario is judged on its own records.
    await deleteKeys(direct, prefix);
  });

  const scenario = async (mode: CutMode) => {
    const directStores = createRedisStores(direct, { prefix });
    const setup = await createOutageServer(createRedisStores(proxied, { prefix }), directStores);
    await expectOutageHandled({
      name: 'Redis (ioredis, standalone)',
      mode,
      proxy,
      setup,
      direct: directStores,
      readState: () => readState(direct, prefix),
      extra: () => ({
        'client errors / reconnects': `${clientEvents.errors} / ${clientEvents.reconnects}`,
      }),
    });
  };

  test('3 s cut (connections reset) under 20 concurrent loops: fast 503s, nothing issued that is not stored and findable, recovery on its own, no double redemption', () =>
    scenario('reset'));

  test('3 s partition (a black hole: nothing flows, nothing closes): failures bounded by the command timeout, then the same guarantees', () =>
    scenario('blackhole'));
});
