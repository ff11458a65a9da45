import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateId } from '@oauthkit/core';
import { createTestDatabase, getServiceUrl, runReplayStoreSuite } from '@oauthkit/store-tests';
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
import { createDrizzleReplayStore, type DrizzleDatabase, migrationConfig } from '../src/index.js';

/** A migrated database: drizzle objects on separate connections, and raw SQL beside them. */
interface Target {
  /** A drizzle database on a connection (pool) of its own. */
  connect(): DrizzleDatabase;
  query(text: string): Promise<Record<string, unknown>[]>;
  close(): Promise<void>;
}

const later = (ms = 60_000) => new Date(Date.now() + ms);
const postgres = await getServiceUrl('postgres');
const mariadb = await getServiceUrl('mysql');

const targets: { name: string; skip?: string; open(): Promise<Target> }[] = [
  {
    name: 'better-sqlite3',
    async open() {
      const dir = mkdtempSync(join(tmpdir(), 'oauthkit-drizzle-replay-'));
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
        'drizzle-replay-pg',
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
        'drizzle-replay-mysql',
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

  runReplayStoreSuite({
    name: `drizzle/${name}`,
    skip,
    create: async () => createDrizzleReplayStore((await get()).connect()),
  });

  describe.skipIf(skip)(`createDrizzleReplayStore on ${name}`, () => {
    it('keeps one row per id and namespace until deleteExpired removes it, in batches', async () => {
      const t = await get();
      const store = createDrizzleReplayStore(t.connect(), { deleteExpiredBatchSize: 2 });
      const id = generateId();
      expect(await store.useOnce('client_assertion', id, later(30_000))).toBe(true);
      expect(await store.useOnce('dpop', id, later(30_000))).toBe(true);
      const keys = async () =>
        (await t.query('SELECT replay_key FROM oauth_replay_ids')).map((r) =>
          Buffer.isBuffer(r['replay_key']) ? r['replay_key'].toString('utf8') : r['replay_key'],
        );
      expect(await keys()).toEqual(
        expect.arrayContaining([`client_assertion:${id}`, `dpop:${id}`]),
      );
      const expired = Array.from({ length: 5 }, () => generateId());
      const past = new Date(Date.now() - 1000);
      for (const e of expired) expect(await store.useOnce('dpop', e, past)).toBe(true);
      expect(await store.deleteExpired(new Date())).toBeGreaterThanOrEqual(5);
      const left = await keys();
      expect(left).toContain(`dpop:${id}`);
      for (const e of expired) expect(left).not.toContain(`dpop:${e}`);
      expect(await store.deleteExpired(new Date())).toBe(0);
      expect(await store.useOnce('dpop', id, later())).toBe(false);
    });

    it('an unexpired row is never taken over, whatever the new expiry', async () => {
      const store = createDrizzleReplayStore((await get()).connect());
      const id = generateId();
      expect(await store.useOnce('client_assertion', id, later(60_000))).toBe(true);
      expect(await store.useOnce('client_assertion', id, later(1))).toBe(false);
      expect(await store.useOnce('client_assertion', id, later(3_600_000))).toBe(false);
    });

    it('keys match exactly: case and trailing spaces make another id', async () => {
      const store = createDrizzleReplayStore((await get()).connect());
      const id = `Ab${generateId()}`;
      expect(await store.useOnce('client_assertion', id, later())).toBe(true);
      expect(await store.useOnce('client_assertion', id.toLowerCase(), later())).toBe(true);
      expect(await store.useOnce('client_assertion', `${id} `, later())).toBe(true);
      expect(await store.useOnce('client_assertion', id, later())).toBe(false);
    });

    it('refuses bad arguments and options', async () => {
      const db = (await get()).connect();
      const store = createDrizzleReplayStore(db);
      await expect(store.useOnce('client_assertion', 'x'.repeat(257), later())).rejects.toThrow(
        TypeError,
      );
      await expect(store.deleteExpired(new Date(Number.NaN))).rejects.toThrow(TypeError);
      expect(() => createDrizzleReplayStore(db, { deleteExpiredBatchSize: 0 })).toThrow(TypeError);
      expect(() => createDrizzleReplayStore({} as never)).toThrow(TypeError);
    });
  });
}
