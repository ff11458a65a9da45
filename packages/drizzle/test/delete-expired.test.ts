import {
  type AuthorizationCodeRecord,
  type DeviceCodeRecord,
  digestToken,
  generateToken,
  type TokenRecord,
} from '@oauthkit/core';
import {
  createRecordFactory,
  createTestDatabase,
  getServiceUrl,
  type TestDatabase,
} from '@oauthkit/store-tests';
import Database from 'better-sqlite3';
import { drizzle as drizzleSqlite } from 'drizzle-orm/better-sqlite3';
import { migrate as migrateSqlite } from 'drizzle-orm/better-sqlite3/migrator';
import { drizzle as drizzleMysql } from 'drizzle-orm/mysql2';
import { migrate as migrateMysql } from 'drizzle-orm/mysql2/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import mysql from 'mysql2/promise';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDrizzleStores, type DrizzleDatabase, migrationsFolder } from '../src/index.js';

// deleteExpired in batches on each dialect: one SQL statement shape for all three, the batch
// size reaching the database as a LIMIT, and concurrent cleanups leaving nothing behind.

const HOUR = 3_600_000;
const past = (ms: number) => new Date(Date.now() - ms);

// Records from the shared factory, expired two hours ago unless told otherwise.
const make = () => createRecordFactory('second', 'client', Date.now() - 3 * HOUR);

function token(overrides: Partial<TokenRecord>): TokenRecord {
  return make().token({
    refreshTokenDigest: null,
    refreshTokenExpiresAt: null,
    accessTokenExpiresAt: past(2 * HOUR),
    ...overrides,
  }).record;
}

function code(expiresAt: Date): AuthorizationCodeRecord {
  return make().code({ expiresAt }).record;
}

function deviceCode(expiresAt: Date): DeviceCodeRecord {
  return make().deviceCode({ expiresAt }).record;
}

interface Target {
  /** A database on which `deletes` counts every DELETE statement drizzle sends. */
  open(deletes: { n: number }): Promise<{ db: DrizzleDatabase; close(): Promise<void> }>;
}

const logger = (deletes: { n: number }) => ({
  logQuery(query: string) {
    if (/^delete /i.test(query)) deletes.n++;
  },
});

const postgres = await getServiceUrl('postgres');
const mariadb = await getServiceUrl('mysql');

const targets: [string, string | undefined, Target][] = [
  [
    'better-sqlite3',
    undefined,
    {
      async open(deletes) {
        const sqlite = new Database(':memory:');
        const db = drizzleSqlite({ client: sqlite, logger: logger(deletes) });
        migrateSqlite(db, { migrationsFolder: migrationsFolder('sqlite') });
        return { db, close: async () => void sqlite.close() };
      },
    },
  ],
  [
    'node-postgres',
    'skip' in postgres ? postgres.skip : undefined,
    {
      async open(deletes) {
        const database: TestDatabase = await createTestDatabase(
          'postgres',
          (postgres as { url: string }).url,
          'drizzle-cleanup-pg',
        );
        const pool = new pg.Pool({ connectionString: database.url, max: 6 });
        pool.on('error', () => {});
        const db = drizzlePg({ client: pool, logger: logger(deletes) });
        await migratePg(db, { migrationsFolder: migrationsFolder('pg') });
        const close = async () => {
          await pool.end();
          await database.drop();
        };
        return { db, close };
      },
    },
  ],
  [
    'mysql2 (MariaDB)',
    'skip' in mariadb ? mariadb.skip : undefined,
    {
      async open(deletes) {
        const database = await createTestDatabase(
          'mysql',
          (mariadb as { url: string }).url,
          'drizzle-cleanup-mysql',
        );
        const pool = mysql.createPool({ uri: database.url, connectionLimit: 6 });
        const db = drizzleMysql({ client: pool, logger: logger(deletes) });
        await migrateMysql(db, { migrationsFolder: migrationsFolder('mysql') });
        const close = async () => {
          await pool.end();
          await database.drop();
        };
        return { db, close };
      },
    },
  ],
];

for (const [name, skip, target] of targets) {
  describe.skipIf(skip !== undefined)(`drizzle/${name}: deleteExpired in batches`, () => {
    const deletes = { n: 0 };
    let opened: Awaited<ReturnType<Target['open']>>;
    beforeAll(async () => {
      opened = await target.open(deletes);
    });
    afterAll(async () => opened?.close());

    it('deletes a backlog in statements of at most deleteExpiredBatchSize rows', async () => {
      const stores = createDrizzleStores(opened.db, { deleteExpiredBatchSize: 3 });
      for (let i = 0; i < 10; i++) await stores.tokens.saveToken(token({}));
      const live = token({ accessTokenExpiresAt: new Date(Date.now() + HOUR) });
      await stores.tokens.saveToken(live);
      for (let i = 0; i < 7; i++) await stores.codes.saveCode(code(past(HOUR)));
      const liveCode = code(new Date(Date.now() + HOUR));
      await stores.codes.saveCode(liveCode);

      deletes.n = 0;
      expect(await stores.tokens.deleteExpired(new Date())).toBe(10);
      // 3 + 3 + 3 + 1, then one that finds nothing.
      expect(deletes.n).toBe(5);
      deletes.n = 0;
      expect(await stores.codes.deleteExpired(new Date())).toBe(7);
      expect(deletes.n).toBe(4);
      expect(await stores.tokens.findByAccessToken(live.accessTokenDigest)).toEqual(live);
      expect(await stores.codes.findCode(liveCode.codeDigest)).toEqual(liveCode);
      expect(await stores.tokens.deleteExpired(new Date(Date.now() + 2 * HOUR))).toBe(1);
      expect(await stores.codes.deleteExpired(new Date(Date.now() + 2 * HOUR))).toBe(1);
    });

    it('deletes expired device codes in batches too, whatever their status', async () => {
      const stores = createDrizzleStores(opened.db, { deleteExpiredBatchSize: 3 });
      const expired = Array.from({ length: 5 }, () => deviceCode(past(HOUR)));
      for (const record of expired)
        expect(await stores.deviceCodes.saveDeviceCode(record)).toBe(true);
      const approval = { status: 'approved', userId: 'user', grantedScope: 'openid' } as const;
      await stores.deviceCodes.decideDeviceCode(expired[0]!.deviceCodeDigest, approval, new Date());
      const live = deviceCode(new Date(Date.now() + HOUR));
      await stores.deviceCodes.saveDeviceCode(live);

      deletes.n = 0;
      expect(await stores.deviceCodes.deleteExpired(new Date())).toBe(5);
      // 3 + 2, then one that finds nothing.
      expect(deletes.n).toBe(3);
      expect(await stores.deviceCodes.findByDeviceCode(live.deviceCodeDigest)).toEqual(live);
      expect(await stores.deviceCodes.deleteExpired(new Date(Date.now() + 2 * HOUR))).toBe(1);
    });

    it('concurrent cleanups with small batches count each row once and leave none behind', async () => {
      const stores = createDrizzleStores(opened.db, { deleteExpiredBatchSize: 4 });
      for (let i = 0; i < 30; i++) {
        const refreshTokenDigest = digestToken(generateToken());
        await stores.tokens.saveToken(
          token({ refreshTokenDigest, refreshTokenExpiresAt: past(HOUR) }),
        );
        await stores.codes.saveCode(code(past(HOUR)));
      }
      const now = new Date();
      const runs = [1, 2, 3, 4];
      const [tokens, codes] = await Promise.all([
        Promise.all(runs.map(() => stores.tokens.deleteExpired(now))),
        Promise.all(runs.map(() => stores.codes.deleteExpired(now))),
      ]);
      expect(tokens.reduce((a, b) => a + b)).toBe(30);
      expect(codes.reduce((a, b) => a + b)).toBe(30);
      expect(await stores.tokens.deleteExpired(now)).toBe(0);
      expect(await stores.codes.deleteExpired(now)).toBe(0);
    });
  });
}

it('createDrizzleStores rejects a batch size that is not a positive integer', () => {
  const db = drizzleSqlite({ client: new Database(':memory:') });
  for (const size of [0, -3, 2.5, Number.NaN, '100']) {
    expect(() => createDrizzleStores(db, { deleteExpiredBatchSize: size as number })).toThrow(
      /deleteExpiredBatchSize must be a positive integer/,
    );
  }
  expect(() => createDrizzleStores(db, null as never)).toThrow(TypeError);
});
