import { generateId } from '@oauthkit/core';
import { createRecordFactory, getServiceUrl } from '@oauthkit/store-tests';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  createPrismaAuthorizationCodeStore,
  createPrismaStores,
  createPrismaTokenStore,
  type PrismaClientLike,
} from '../src/index.js';
import type { Provider } from './support/generated-client.js';
import { makeCode, makeToken } from './support/prisma-store-checks.js';
import {
  createPrismaTestDatabase,
  type PrismaTestDatabase,
} from './support/prisma-test-database.js';

// deleteExpired in batches, on each provider: the batch size reaches the database as a
// LIMIT, a backlog larger than one batch goes in several statements, and concurrent
// cleanups with small batches still leave nothing expired behind.

const services = {
  postgresql: await getServiceUrl('postgres'),
  mysql: await getServiceUrl('mysql'),
  sqlite: { url: '' },
} as const;

const HOUR = 3_600_000;
const past = (ms: number) => new Date(Date.now() - ms);

/** The client with `deleteMany` calls (their limit and count) recorded, all else as is. */
function recordingDeletes(prisma: PrismaClientLike) {
  const batches: { model: string; limit: number | undefined; count: number }[] = [];
  const wrap = <T extends object>(model: string, delegate: T): T =>
    new Proxy(delegate, {
      get(target, key) {
        const value = Reflect.get(target, key);
        if (key !== 'deleteMany') return value;
        return async (args: { limit?: number }) => {
          const result = await (value as (a: unknown) => Promise<{ count: number }>)(args);
          batches.push({ model, limit: args.limit, count: result.count });
          return result;
        };
      },
    });
  return {
    batches,
    prisma: {
      oauthClient: prisma.oauthClient,
      oauthToken: wrap('token', prisma.oauthToken),
      oauthAuthorizationCode: wrap('code', prisma.oauthAuthorizationCode),
      oauthDeviceCode: wrap('deviceCode', prisma.oauthDeviceCode),
      $transaction: prisma.$transaction.bind(prisma),
    } as unknown as PrismaClientLike,
  };
}

for (const provider of ['postgresql', 'mysql', 'sqlite'] as Provider[]) {
  const service = services[provider];
  describe.skipIf('skip' in service)(`prisma/${provider}: deleteExpired in batches`, () => {
    let db: PrismaTestDatabase;
    const count = async (table: string) =>
      Number((await db.raw.query(`SELECT COUNT(*) AS n FROM ${table}`))[0]!.n);

    beforeAll(async () => {
      db = await createPrismaTestDatabase(
        provider,
        'url' in service ? service.url : '',
        `prisma_${provider}_cleanup`,
      );
    });
    afterAll(async () => db?.drop());
    beforeEach(async () => {
      for (const t of ['oauth_tokens', 'oauth_authorization_codes', 'oauth_device_codes']) {
        await db.raw.exec(`DELETE FROM ${t}`);
      }
    });

    it('deletes a backlog in statements of at most deleteExpiredBatchSize rows', async () => {
      const { prisma, batches } = recordingDeletes(db.prisma);
      const stores = createPrismaStores(prisma, { deleteExpiredBatchSize: 3 });
      for (let i = 0; i < 10; i++) {
        await stores.tokens.saveToken(
          makeToken(generateId(), { refreshTokenDigest: null, accessTokenExpiresAt: past(HOUR) }),
        );
      }
      for (let i = 0; i < 7; i++) await stores.codes.saveCode(makeCode({ expiresAt: past(HOUR) }));
      await stores.tokens.saveToken(makeToken(generateId()));
      await stores.codes.saveCode(makeCode());

      expect(await stores.tokens.deleteExpired(new Date())).toBe(10);
      expect(await stores.codes.deleteExpired(new Date())).toBe(7);
      const counts = (model: string) =>
        batches.filter((b) => b.model === model).map((b) => b.count);
      expect(counts('token')).toEqual([3, 3, 3, 1, 0]);
      expect(counts('code')).toEqual([3, 3, 1, 0]);
      expect(batches.every((b) => b.limit === 3)).toBe(true);
      expect(await count('oauth_tokens')).toBe(1);
      expect(await count('oauth_authorization_codes')).toBe(1);
    });

    it('deletes expired device codes in batches too, whatever their status', async () => {
      const { prisma, batches } = recordingDeletes(db.prisma);
      const stores = createPrismaStores(prisma, { deleteExpiredBatchSize: 3 });
      const make = createRecordFactory('second', 'client', Date.now() - 3 * HOUR);
      const expired = Array.from({ length: 5 }, () => make.deviceCode({ expiresAt: past(HOUR) }));
      for (const { record } of expired) await stores.deviceCodes.saveDeviceCode(record);
      const approval = { status: 'approved', userId: 'user', grantedScope: 'openid' } as const;
      const first = expired[0]!.record.deviceCodeDigest;
      await stores.deviceCodes.decideDeviceCode(first, approval, new Date());
      const live = make.deviceCode({ expiresAt: new Date(Date.now() + HOUR) }).record;
      await stores.deviceCodes.saveDeviceCode(live);

      expect(await stores.deviceCodes.deleteExpired(new Date())).toBe(5);
      const counts = batches.filter((b) => b.model === 'deviceCode').map((b) => b.count);
      expect(counts).toEqual([3, 2, 0]);
      expect(batches.every((b) => b.limit === 3)).toBe(true);
      expect(await count('oauth_device_codes')).toBe(1);
    });

    it('concurrent cleanups with small batches count each row once and leave none behind', async () => {
      const tokens = createPrismaTokenStore(db.prisma, { deleteExpiredBatchSize: 4 });
      const codes = createPrismaAuthorizationCodeStore(db.prisma, { deleteExpiredBatchSize: 4 });
      for (let i = 0; i < 30; i++) {
        await tokens.saveToken(
          makeToken(generateId(), {
            accessTokenExpiresAt: past(2 * HOUR),
            refreshTokenExpiresAt: past(HOUR),
          }),
        );
        await codes.saveCode(makeCode({ expiresAt: past(HOUR) }));
      }
      const now = new Date();
      const runs = [1, 2, 3, 4];
      const [tokenCounts, codeCounts] = await Promise.all([
        Promise.all(runs.map(() => tokens.deleteExpired(now))),
        Promise.all(runs.map(() => codes.deleteExpired(now))),
      ]);
      expect(tokenCounts.reduce((a, b) => a + b)).toBe(30);
      expect(codeCounts.reduce((a, b) => a + b)).toBe(30);
      expect(await count('oauth_tokens')).toBe(0);
      expect(await count('oauth_authorization_codes')).toBe(0);
    });
  });
}

it('rejects a batch size that is not a positive integer with a TypeError', () => {
  const prisma = {} as PrismaClientLike;
  for (const size of [0, -1, 1.5, Number.NaN, '10']) {
    const options = { deleteExpiredBatchSize: size as number };
    expect(() => createPrismaTokenStore(prisma, options)).toThrow(TypeError);
    expect(() => createPrismaAuthorizationCodeStore(prisma, options)).toThrow(TypeError);
  }
});
