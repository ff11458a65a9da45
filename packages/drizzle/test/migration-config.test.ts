import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
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
import { afterAll, describe, expect, it } from 'vitest';
import { createDrizzleStores, migrationConfig, migrationsFolder } from '../src/index.js';
import type { MigrationsDialect } from '../src/migrations-folder.js';

const postgres = await getServiceUrl('postgres');
const mariadb = await getServiceUrl('mysql');
const OAUTH_TABLES = [
  'oauth_authorization_codes',
  'oauth_clients',
  'oauth_replay_ids',
  'oauth_tokens',
];

/** How many migrations the package ships for a dialect (every one is recorded once). */
const shipped = (dialect: MigrationsDialect) =>
  JSON.parse(readFileSync(join(migrationsFolder(dialect), 'meta/_journal.json'), 'utf8')).entries
    .length as number;
const dir = mkdtempSync(join(tmpdir(), 'oauthkit-app-migrations-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * An application's own drizzle-kit folder with one migration made after oauthkit's (its
 * journal `when` is later), as in any app that started its schema after installing oauthkit.
 */
function appMigrations(dialect: MigrationsDialect): string {
  const folder = join(dir, dialect);
  if (existsSync(folder)) return folder;
  mkdirSync(join(folder, 'meta'), { recursive: true });
  const names = { pg: 'postgresql', mysql: 'mysql', sqlite: 'sqlite' } as const;
  const journal = {
    version: '7',
    dialect: names[dialect],
    entries: [{ idx: 0, version: '7', when: Date.now(), tag: '0000_app', breakpoints: true }],
  };
  writeFileSync(join(folder, 'meta/_journal.json'), JSON.stringify(journal));
  writeFileSync(
    join(folder, '0000_app.sql'),
    'CREATE TABLE app_users (id varchar(64) PRIMARY KEY);',
  );
  return folder;
}

/** The steps one test runs on one database, whatever the driver. */
interface Harness {
  migrate(config: { migrationsFolder: string; migrationsTable?: string }): Promise<void>;
  tables(): Promise<string[]>;
  db: Parameters<typeof createDrizzleStores>[0];
}

async function checkOwnTable(h: Harness, dialect: MigrationsDialect) {
  await h.migrate({ migrationsFolder: appMigrations(dialect) }); // the app's, default table
  await h.migrate(migrationConfig(dialect));
  await h.migrate(migrationConfig(dialect)); // a second run applies nothing
  await h.migrate({ migrationsFolder: appMigrations(dialect) });
  const tables = await h.tables();
  expect(tables).toEqual(expect.arrayContaining(['app_users', ...OAUTH_TABLES]));
  // The stores work on what was migrated: a client round-trips.
  const stores = createDrizzleStores(h.db);
  await stores.clients.saveClient({
    clientId: 'c1',
    clientSecretDigest: null,
    clientIdIssuedAt: new Date(),
    clientSecretExpiresAt: null,
    metadata: { redirectUris: [], grantTypes: [], responseTypes: [], scope: '' } as never,
  });
  expect((await stores.clients.findClient('c1'))?.clientId).toBe('c1');
}

/** Why the own table matters: the default table skips the shipped migrations in such an app. */
async function checkDefaultTableSkips(h: Harness, dialect: MigrationsDialect) {
  await h.migrate({ migrationsFolder: appMigrations(dialect) });
  await h.migrate({ migrationsFolder: migrationsFolder(dialect) });
  const tables = await h.tables();
  expect(tables).toContain('app_users');
  expect(tables).not.toContain('oauth_clients');
}

function sqliteHarness(): Harness & { sqlite: Database.Database; close(): void } {
  const sqlite = new Database(':memory:');
  const db = drizzleSqlite({ client: sqlite });
  return {
    db,
    sqlite,
    migrate: async (config) => migrateSqlite(db, config),
    tables: async () =>
      (
        sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as {
          name: string;
        }[]
      ).map((r) => r.name),
    close: () => sqlite.close(),
  };
}

describe('migrationConfig', () => {
  it('names the shipped folder and a table of its own', () => {
    const config = migrationConfig('sqlite');
    expect(config.migrationsFolder).toBe(migrationsFolder('sqlite'));
    expect(config.migrationsTable).toBe('__oauthkit_migrations');
    expect(() => migrationConfig('oracle' as never)).toThrow(TypeError);
  });
});

describe('shipped migrations in an app with newer migrations of its own', () => {
  it('SQLite: applied and recorded in their own table', async () => {
    const h = sqliteHarness();
    try {
      await checkOwnTable(h, 'sqlite');
      const recorded = h.sqlite.prepare('SELECT hash FROM __oauthkit_migrations').all();
      expect(recorded).toHaveLength(shipped('sqlite'));
      expect(shipped('sqlite')).toBe(5);
    } finally {
      h.close();
    }
  });

  it('SQLite: drizzle default table would skip them (the case the own table closes)', async () => {
    const h = sqliteHarness();
    try {
      await checkDefaultTableSkips(h, 'sqlite');
    } finally {
      h.close();
    }
  });

  it.skipIf('skip' in postgres)('PostgreSQL: applied and recorded in their own table', async () => {
    for (const check of [checkOwnTable, checkDefaultTableSkips]) {
      const database = await createTestDatabase(
        'postgres',
        (postgres as { url: string }).url,
        'drizzle-migration-table',
      );
      const pool = new pg.Pool({ connectionString: database.url, max: 2 });
      try {
        const db = drizzlePg({ client: pool });
        await check(
          {
            db,
            migrate: (config) => migratePg(db, config),
            tables: async () =>
              (
                await pool.query<{ tablename: string }>(
                  "SELECT tablename FROM pg_tables WHERE schemaname = 'public'",
                )
              ).rows.map((r) => r.tablename),
          },
          'pg',
        );
        if (check === checkOwnTable) {
          const own = await pool.query('SELECT hash FROM drizzle.__oauthkit_migrations');
          expect(own.rowCount).toBe(shipped('pg'));
        }
      } finally {
        pool.on('error', () => {});
        await pool.end();
        await database.drop();
      }
    }
  });

  it.skipIf('skip' in mariadb)(
    'MySQL/MariaDB: applied and recorded in their own table',
    async () => {
      for (const check of [checkOwnTable, checkDefaultTableSkips]) {
        const database = await createTestDatabase(
          'mysql',
          (mariadb as { url: string }).url,
          'drizzle-migration-table',
        );
        const pool = mysql.createPool({ uri: database.url, connectionLimit: 2 });
        try {
          const db = drizzleMysql({ client: pool });
          await check(
            {
              db,
              migrate: (config) => migrateMysql(db, config),
              tables: async () =>
                ((await pool.query('SHOW TABLES'))[0] as Record<string, string>[]).map(
                  (r) => Object.values(r)[0]!,
                ),
            },
            'mysql',
          );
          if (check === checkOwnTable) {
            const [rows] = await pool.query('SELECT hash FROM __oauthkit_migrations');
            expect(rows).toHaveLength(shipped('mysql'));
          }
        } finally {
          await pool.end();
          await database.drop();
        }
      }
    },
  );
});

describe('upgrading a database migrated before extensions and replay ids', () => {
  it('SQLite: the second migration applies, and rows written before it read extensions {}', async () => {
    // The shipped folder as it was released first: its journal lists the init migration only.
    const first = join(dir, 'sqlite-first-release');
    cpSync(migrationsFolder('sqlite'), first, { recursive: true });
    const journalPath = join(first, 'meta/_journal.json');
    const journal = JSON.parse(readFileSync(journalPath, 'utf8'));
    writeFileSync(
      journalPath,
      JSON.stringify({ ...journal, entries: journal.entries.slice(0, 1) }),
    );
    const h = sqliteHarness();
    try {
      await h.migrate({ ...migrationConfig('sqlite'), migrationsFolder: first });
      expect(await h.tables()).not.toContain('oauth_replay_ids');
      h.sqlite
        .prepare(
          `INSERT INTO oauth_tokens (access_token_digest, refresh_token_digest, family_id,
             client_id, user_id, scope, token_type, grant_type, issued_at,
             access_token_expires_at) VALUES ('a1', 'r1', 'f1', 'c1', 'u1', 'openid', 'Bearer',
             'authorization_code', 1, 2)`,
        )
        .run();
      h.sqlite
        .prepare(
          `INSERT INTO oauth_authorization_codes (code_digest, client_id, user_id, scope,
             family_id, issued_at, expires_at) VALUES ('k1', 'c1', 'u1', 'openid', 'f1', 1, 2)`,
        )
        .run();
      await h.migrate(migrationConfig('sqlite'));
      expect(await h.tables()).toContain('oauth_replay_ids');
      const recorded = h.sqlite.prepare('SELECT hash FROM __oauthkit_migrations').all();
      expect(recorded).toHaveLength(shipped('sqlite'));
      const stores = createDrizzleStores(h.db);
      expect((await stores.tokens.findByAccessToken('a1'))?.extensions).toEqual({});
      expect((await stores.tokens.findByRefreshToken('r1'))?.extensions).toEqual({});
      expect((await stores.codes.findCode('k1'))?.extensions).toEqual({});
    } finally {
      h.close();
    }
  });
});
