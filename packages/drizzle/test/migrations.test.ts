import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTestDatabase, getServiceUrl } from '@oauthkit/store-tests';
import Database from 'better-sqlite3';
import * as kit from 'drizzle-kit/api';
import { drizzle as drizzleSqlite } from 'drizzle-orm/better-sqlite3';
import { migrate as migrateSqlite } from 'drizzle-orm/better-sqlite3/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { migrationsFolder } from '../src/index.js';
import * as mysqlBaseTables from '../src/tables/mysql.js';
import * as mysqlPushedRequests from '../src/tables/mysql-pushed-requests.js';
import * as pgBaseTables from '../src/tables/pg.js';
import * as pgPushedRequests from '../src/tables/pg-pushed-requests.js';
import * as sqliteBaseTables from '../src/tables/sqlite.js';
import * as sqlitePushedRequests from '../src/tables/sqlite-pushed-requests.js';

// Every schema file drizzle.<dialect>.config.ts lists.
const pgTables = { ...pgBaseTables, ...pgPushedRequests };
const mysqlTables = { ...mysqlBaseTables, ...mysqlPushedRequests };
const sqliteTables = { ...sqliteBaseTables, ...sqlitePushedRequests };

type Dialect = 'pg' | 'mysql' | 'sqlite';

/** The snapshot drizzle-kit wrote with the newest migration of a dialect's folder. */
function latestSnapshot(dialect: Dialect): any {
  const folder = migrationsFolder(dialect);
  const journal = JSON.parse(readFileSync(join(folder, 'meta/_journal.json'), 'utf8'));
  const last = journal.entries.at(-1);
  const idx = String(last.idx).padStart(4, '0');
  return JSON.parse(readFileSync(join(folder, `meta/${idx}_snapshot.json`), 'utf8'));
}

/** What `drizzle-kit generate` would write next: the SQL from the snapshot to `tables`. */
const pendingSql: Record<Dialect, (tables: Record<string, unknown>) => Promise<string[]>> = {
  pg: (tables) => kit.generateMigration(latestSnapshot('pg'), kit.generateDrizzleJson(tables)),
  mysql: async (tables) =>
    kit.generateMySQLMigration(latestSnapshot('mysql'), await kit.generateMySQLDrizzleJson(tables)),
  sqlite: async (tables) =>
    kit.generateSQLiteMigration(
      latestSnapshot('sqlite'),
      await kit.generateSQLiteDrizzleJson(tables),
    ),
};

const TABLES: Record<Dialect, Record<string, unknown>> = {
  pg: pgTables,
  mysql: mysqlTables,
  sqlite: sqliteTables,
};

describe.each(['pg', 'mysql', 'sqlite'] as const)('committed %s migrations', (dialect) => {
  it('match the tables: drizzle-kit generate has nothing to write', async () => {
    const pending = await pendingSql[dialect](TABLES[dialect]);
    expect(pending, `run \`pnpm --filter @oauthkit/drizzle generate\` and commit`).toEqual([]);
  });

  it('are compared for real: without the tables, the pending SQL drops every table', async () => {
    const pending = (await pendingSql[dialect]({})).join('\n');
    for (const table of [
      'oauth_clients',
      'oauth_tokens',
      'oauth_authorization_codes',
      'oauth_replay_ids',
      'oauth_device_codes',
      'oauth_pushed_requests',
    ]) {
      expect(pending).toMatch(new RegExp(`DROP TABLE [\`"]${table}[\`"]`));
    }
  });

  it('are the four shipped migrations, in order', () => {
    const folder = migrationsFolder(dialect);
    const journal = JSON.parse(readFileSync(join(folder, 'meta/_journal.json'), 'utf8'));
    expect(journal.entries.map((e: { idx: number; tag: string }) => [e.idx, e.tag])).toEqual([
      [0, '0000_init'],
      [1, '0001_extensions_and_replay_ids'],
      [2, '0002_device_codes'],
      [3, '0003_pushed_authorization_requests'],
      [4, '0004_client_registration'],
    ]);
    for (const { idx } of journal.entries) {
      const snapshot = `meta/${String(idx).padStart(4, '0')}_snapshot.json`;
      expect(() => readFileSync(join(folder, snapshot)), snapshot).not.toThrow();
    }
  });

  it('list every SQL file of the folder in the journal, and only those', () => {
    const folder = migrationsFolder(dialect);
    const journal = JSON.parse(readFileSync(join(folder, 'meta/_journal.json'), 'utf8'));
    const files = readdirSync(folder).filter((f) => f.endsWith('.sql'));
    expect(files.sort()).toEqual(
      journal.entries.map((e: { tag: string }) => `${e.tag}.sql`).sort(),
    );
  });
});

const postgres = await getServiceUrl('postgres');

describe('a database migrated from the committed folder', () => {
  it.skipIf('skip' in postgres)('has exactly the PostgreSQL tables', async () => {
    const database = await createTestDatabase(
      'postgres',
      (postgres as { url: string }).url,
      'drizzle-migrate',
    );
    const pool = new pg.Pool({ connectionString: database.url, max: 2 });
    try {
      const db = drizzlePg({ client: pool });
      await migratePg(db, { migrationsFolder: migrationsFolder('pg') });
      // Idempotent: a second run applies nothing and fails on nothing.
      await migratePg(db, { migrationsFolder: migrationsFolder('pg') });
      const push = await kit.pushSchema(pgTables, db as never);
      expect(push.statementsToExecute).toEqual([]);
    } finally {
      pool.on('error', () => {});
      await pool.end();
      await database.drop();
    }
  });

  it('has exactly the SQLite tables', async () => {
    const sqlite = new Database(':memory:');
    try {
      const db = drizzleSqlite({ client: sqlite });
      migrateSqlite(db, { migrationsFolder: migrationsFolder('sqlite') });
      const push = await kit.pushSQLiteSchema(sqliteTables, db as never);
      expect(push.statementsToExecute).toEqual([]);
    } finally {
      sqlite.close();
    }
  });
});
