import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createTestDatabase,
  getServiceUrl,
  pushedRequestRecord,
  runPushedRequestStoreSuite,
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
import { afterAll, describe, expect, it } from 'vitest';
import {
  createDrizzlePushedRequestStore,
  createDrizzleStores,
  type DrizzleDatabase,
  migrationConfig,
} from '../src/index.js';

/** A migrated database: drizzle objects on separate connections, and raw SQL beside them. */
interface Target {
  /** A drizzle database on a connection (pool) of its own. */
  connect(): DrizzleDatabase;
  query(text: string): Promise<Record<string, unknown>[]>;
  close(): Promise<void>;
}

const postgres = await getServiceUrl('postgres');
const mariadb = await getServiceUrl('mysql');

const targets: { name: string; skip?: string; open(): Promise<Target> }[] = [
  {
    name: 'better-sqlite3',
    async open() {
      const dir = mkdtempSync(join(tmpdir(), 'oauthkit-drizzle-par-'));
      const file = join(dir, 'oauth.db');
      const first = new Database(file);
      first.pragma('journal_mode = WAL');
      migrateSqlite(drizzleSqlite({ client: first }), migrationConfig('sqlite'));
      // One handle per store: the race runs over separate connections to the file.
      const handles = [first];
      return {
        connect() {
          const handle = new Database(file);
          handles.push(handle);
          return drizzleSqlite({ client: handle });
        },
        query: async (text) => first.prepare(text).all() as Record<string, unknown>[],
        async close() {
          for (const h of handles) h.close();
          rmSync(dir, { recursive: true, force: true });
        },
      };
    },
  },
  {
    name: 'node-postgres',
    skip: 'skip' in postgres ? postgres.skip : undefined,
    async open() {
      const database = await createTestDatabase(
        'postgres',
        (postgres as { url: string }).url,
        'drizzle-par-pg',
      );
      const pools: pg.Pool[] = [];
      const pool = () => {
        const p = new pg.Pool({ connectionString: database.url, max: 4 });
        p.on('error', () => {});
        pools.push(p);
        return p;
      };
      const first = pool();
      await migratePg(drizzlePg({ client: first }), migrationConfig('pg'));
      return {
        connect: () => drizzlePg({ client: pool() }),
        query: async (text) => (await first.query(text)).rows,
        async close() {
          for (const p of pools) await p.end();
          await database.drop();
        },
      };
    },
  },
  {
    name: 'mysql2 (MariaDB)',
    skip: 'skip' in mariadb ? mariadb.skip : undefined,
    async open() {
      const database = await createTestDatabase(
        'mysql',
        (mariadb as { url: string }).url,
        'drizzle-par-mysql',
      );
      const pools: mysql.Pool[] = [];
      const pool = () => {
        const p = mysql.createPool({ uri: database.url, connectionLimit: 4 });
        pools.push(p);
        return p;
      };
      const first = pool();
      await migrateMysql(drizzleMysql({ client: first }), migrationConfig('mysql'));
      return {
        connect: () => drizzleMysql({ client: pool() }),
        query: async (text) => (await first.query(text))[0] as Record<string, unknown>[],
        async close() {
          for (const p of pools) await p.end();
          await database.drop();
        },
      };
    },
  },
];

for (const { name, skip, open } of targets) {
  let target: Promise<Target> | undefined;
  const get = () => {
    target ??= open();
    return target;
  };
  afterAll(async () => (await target)?.close());

  runPushedRequestStoreSuite({
    name: `drizzle/${name}`,
    skip,
    create: async () => createDrizzlePushedRequestStore((await get()).connect()),
  });

  describe.skipIf(skip)(`createDrizzlePushedRequestStore on ${name}`, () => {
    it('keeps the digest and deletes the row when used; expired rows go in batches', async () => {
      const t = await get();
      const store = createDrizzleStores(t.connect(), { deleteExpiredBatchSize: 2 }).pushedRequests;
      const record = pushedRequestRecord();
      await store.savePushedRequest(record);
      const stored = await t.query(
        `SELECT client_id, parameters FROM oauth_pushed_requests WHERE client_id = '${record.clientId}'`,
      );
      expect(stored).toEqual([{ client_id: record.clientId, parameters: record.parameters }]);
      expect(await store.consumePushedRequest(record.requestUriDigest, record.clientId)).toEqual(
        record,
      );
      const expired = Array.from({ length: 5 }, () => pushedRequestRecord(undefined, -1_000));
      for (const r of expired) await store.savePushedRequest(r);
      expect(await store.deleteExpired(new Date())).toBeGreaterThanOrEqual(5);
      for (const r of expired) expect(await store.findPushedRequest(r.requestUriDigest)).toBeNull();
    });

    it('refuses bad options', async () => {
      const t = await get();
      expect(() =>
        createDrizzlePushedRequestStore(t.connect(), { deleteExpiredBatchSize: 0 }),
      ).toThrow(TypeError);
    });
  });
}
