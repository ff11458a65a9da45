import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import * as mariadb from 'mariadb';
import pg from 'pg';
import type { Provider } from './generated-client.js';

/** The repository's prisma/ folder and each provider's folder in it. */
export const prismaDir = fileURLToPath(new URL('../../../../prisma/', import.meta.url));
export const providerDirs: Record<Provider, string> = {
  postgresql: prismaDir,
  mysql: join(prismaDir, 'mysql'),
  sqlite: join(prismaDir, 'sqlite'),
};

/** The shipped migrations of every provider, oldest first (the same folder names on each). */
export const INIT_MIGRATION = '20261127000000_init';
export const MIGRATIONS = [
  INIT_MIGRATION,
  '20261205000000_extensions_and_replay_ids',
  '20261212000000_device_codes',
  '20261216000000_client_registration',
  '20261219000000_pushed_authorization_requests',
] as const;

/** The SQL of one shipped migration of `provider`. */
export function migrationFileSql(provider: Provider, migration: string): string {
  return readFileSync(
    join(providerDirs[provider], 'migrations', migration, 'migration.sql'),
    'utf8',
  );
}

/** The SQL of every shipped migration of `provider`, in order: what `migrate deploy` runs. */
export function migrationSql(provider: Provider): string {
  return MIGRATIONS.map((m) => migrationFileSql(provider, m)).join('\n');
}

/**
 * A connection to the test database that bypasses Prisma: it applies the migration and reads
 * rows for the checks. Queries use `?` placeholders on every provider.
 */
export interface RawDatabase {
  exec(sql: string): Promise<void>;
  query(sql: string, params?: unknown[]): Promise<Record<string, unknown>[]>;
  close(): Promise<void>;
}

export function openPostgres(url: string): RawDatabase {
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  // Dropping the database terminates idle backends: not an error of the test.
  pool.on('error', () => {});
  return {
    async exec(sql) {
      await pool.query(sql);
    },
    async query(sql, params = []) {
      let n = 0;
      return (
        await pool.query(
          sql.replace(/\?/g, () => `$${++n}`),
          params,
        )
      ).rows;
    },
    close: () => pool.end(),
  };
}

/** `mysql://user:password@host:port/database` as mariadb connection settings. */
export function mariadbConfig(url: string): {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string | undefined;
} {
  const u = new URL(url);
  return {
    host: u.hostname,
    port: Number(u.port || 3306),
    user: decodeURIComponent(u.username),
    password: decodeURIComponent(u.password),
    database: u.pathname.slice(1) || undefined,
  };
}

export function openMysql(url: string): RawDatabase {
  const pool = mariadb.createPool({
    ...mariadbConfig(url),
    connectionLimit: 2,
    multipleStatements: true,
  });
  return {
    async exec(sql) {
      await pool.query(sql);
    },
    async query(sql, params = []) {
      return (await pool.query(sql, params)) as Record<string, unknown>[];
    },
    close: () => pool.end(),
  };
}

export function openSqlite(file: string): RawDatabase {
  const db = new Database(file);
  return {
    async exec(sql) {
      db.exec(sql);
    },
    async query(sql, params = []) {
      return db.prepare(sql).all(...params) as Record<string, unknown>[];
    },
    async close() {
      db.close();
    },
  };
}
