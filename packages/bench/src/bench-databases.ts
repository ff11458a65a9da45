import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { migrationsFolder } from '@oauthkit/drizzle';
import { createTestDatabase, type TestDatabase } from '@oauthkit/store-tests';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import { Redis } from 'ioredis';
import pg from 'pg';

export const POSTGRES_URL = process.env.POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** The databases of one bench run, and the environment that points servers at them. */
export interface BenchDatabases {
  env: NodeJS.ProcessEnv;
  /** Versions of the database servers, for the report. */
  versions: Record<string, string>;
  /** Servers whose database could not be prepared, with the reason. */
  unavailable: Map<string, string>;
  /** Drops the databases and deletes the Redis keys; safe to call twice. */
  drop(): Promise<void>;
}

const PRISMA_MIGRATIONS = fileURLToPath(new URL('../../../prisma/migrations/', import.meta.url));

/**
 * Creates what the store-backed servers among `serverIds` need: a PostgreSQL database each
 * for Prisma and Drizzle (migrated with the shipped migrations) and a Redis key prefix of
 * this run. A service that is down makes its servers unavailable instead of failing the run.
 */
export async function prepareDatabases(serverIds: ReadonlySet<string>): Promise<BenchDatabases> {
  const env: NodeJS.ProcessEnv = {};
  const versions: Record<string, string> = {};
  const unavailable = new Map<string, string>();
  const cleanups: (() => Promise<void>)[] = [];
  const created: TestDatabase[] = [];

  if (serverIds.has('kit-prisma') || serverIds.has('kit-drizzle')) {
    try {
      versions.PostgreSQL = await postgresVersion();
      if (serverIds.has('kit-prisma')) {
        const db = await createTestDatabase('postgres', POSTGRES_URL, 'bench_prisma');
        created.push(db);
        await query(db.url, prismaMigrationSql());
        env.BENCH_PRISMA_URL = db.url;
      }
      if (serverIds.has('kit-drizzle')) {
        const db = await createTestDatabase('postgres', POSTGRES_URL, 'bench_drizzle');
        created.push(db);
        const pool = new pg.Pool({ connectionString: db.url, max: 1 });
        await migrate(drizzle(pool), { migrationsFolder: migrationsFolder('pg') });
        await pool.end();
        env.BENCH_DRIZZLE_URL = db.url;
      }
    } catch (error) {
      for (const id of ['kit-prisma', 'kit-drizzle'])
        unavailable.set(id, `PostgreSQL: ${(error as Error).message}`);
    }
  }
  for (const db of created) cleanups.push(() => db.drop());

  if (serverIds.has('kit-redis')) {
    const prefix = `oauthkit:bench:${randomBytes(5).toString('hex')}:`;
    const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1, lazyConnect: true });
    try {
      await redis.connect();
      versions.Redis = /redis_version:(\S+)/.exec(await redis.info('server'))?.[1] ?? '?';
      env.BENCH_REDIS_URL = REDIS_URL;
      env.BENCH_REDIS_PREFIX = prefix;
      cleanups.push(() => deleteKeys(redis, prefix));
    } catch (error) {
      redis.disconnect();
      unavailable.set('kit-redis', `Redis: ${(error as Error).message}`);
    }
  }

  let dropped: Promise<void> | undefined;
  return {
    env,
    versions,
    unavailable,
    drop() {
      dropped ??= Promise.allSettled(cleanups.map((cleanup) => cleanup())).then((results) => {
        for (const r of results) {
          if (r.status === 'rejected') console.error('cleanup failed:', r.reason);
        }
      });
      return dropped;
    },
  };
}

/** The shipped Prisma PostgreSQL migrations, in order, as one SQL script. */
export function prismaMigrationSql(): string {
  return readdirSync(PRISMA_MIGRATIONS, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .map((name) => readFileSync(`${PRISMA_MIGRATIONS}${name}/migration.sql`, 'utf8'))
    .join('\n');
}

/** Runs `sql` (any number of statements) on a connection of its own; returns the rows. */
export async function query<Row>(url: string, sql: string): Promise<Row[]> {
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  try {
    return (await pool.query(sql)).rows as Row[];
  } finally {
    await pool.end();
  }
}

async function postgresVersion(): Promise<string> {
  const rows = await query<{ server_version: string }>(POSTGRES_URL, 'SHOW server_version');
  return rows[0]?.server_version ?? '?';
}

async function deleteKeys(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) await redis.unlink(...keys);
  } while (cursor !== '0');
  redis.disconnect();
}
