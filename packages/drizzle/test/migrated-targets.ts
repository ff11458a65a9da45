// The three databases a Drizzle store test runs on, each migrated with the shipped migrations
// and opened on connections of its own: better-sqlite3 on a temporary file, node-postgres and
// mysql2 (MariaDB) on a database created for the test file.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, getServiceUrl } from '@oauthkit/store-tests';
import Database from 'better-sqlite3';
import { drizzle as drizzleSqlite } from 'drizzle-orm/better-sqlite3';
import { migrate as migrateSqlite } from 'drizzle-orm/better-sqlite3/migrator';
import { drizzle as drizzleMysql } from 'drizzle-orm/mysql2';
import { migrate as migrateMysql } from 'drizzle-orm/mysql2/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import mysql from 'mysql2/promise';
import pg from 'pg';
import { type DrizzleDatabase, migrationConfig } from '../src/index.js';

/** A migrated database: drizzle objects on separate connections, and raw SQL beside them. */
export interface Target {
  /** A drizzle database on a connection (pool) of its own. */
  connect(): DrizzleDatabase;
  query(text: string): Promise<Record<string, unknown>[]>;
  close(): Promise<void>;
}

/** One database of {@link migratedTargets}: skipped (with the reason) when its service is absent. */
export interface MigratedTarget {
  name: string;
  skip?: string;
  open(): Promise<Target>;
}

const postgres = await getServiceUrl('postgres');
const mariadb = await getServiceUrl('mysql');

/** The three databases, their names (temporary folder, test databases) starting with `prefix`. */
export function migratedTargets(prefix: string): MigratedTarget[] {
  return [
    {
      name: 'better-sqlite3',
      async open() {
        const dir = mkdtempSync(join(tmpdir(), `oauthkit-${prefix}-`));
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
          `${prefix}-pg`,
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
          `${prefix}-mysql`,
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
}
