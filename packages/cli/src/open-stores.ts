import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Stores } from '@oauthkit/core';
import { createMemoryStores } from '@oauthkit/core/testing';

/** The stores the example runs on, and how to close them. */
export interface OpenedStores {
  stores: Stores;
  kind: string;
  close(): Promise<void>;
}

/**
 * Builds the stores chosen by `OAUTHKIT_STORE`: `memory`, `prisma`, `drizzle`, `mongoose`
 * or `redis`. The default is Drizzle on an embedded SQLite file under `.data/`, created and
 * migrated on first start, so nothing else is needed.
 */
export async function openStores(env: NodeJS.ProcessEnv): Promise<OpenedStores> {
  const kind = env.OAUTHKIT_STORE ?? 'sqlite';
  switch (kind) {
    case 'memory':
      return { stores: createMemoryStores(), kind, close: async () => {} };
    case 'sqlite':
      return sqlite(env.OAUTHKIT_SQLITE_FILE ?? resolve(process.cwd(), '.data/oauthkit.db'));
    case 'drizzle':
      return env.DATABASE_URL
        ? drizzlePg(env.DATABASE_URL)
        : sqlite(resolve(process.cwd(), '.data/oauthkit.db'));
    case 'redis':
      return redis(env.REDIS_URL ?? 'redis://127.0.0.1:6379');
    case 'prisma':
      return prisma(required(env, 'DATABASE_URL'), env);
    case 'mongoose':
      return mongoose(required(env, 'MONGODB_URL'));
    default:
      throw new TypeError(
        `OAUTHKIT_STORE must be memory, sqlite, drizzle, prisma, redis or mongoose (got ${kind})`,
      );
  }
}

function required(env: NodeJS.ProcessEnv, name: string): string {
  const v = env[name];
  if (!v) throw new TypeError(`${name} must be set for OAUTHKIT_STORE=${env.OAUTHKIT_STORE}`);
  return v;
}

async function sqlite(file: string): Promise<OpenedStores> {
  const [
    { default: Database },
    { drizzle },
    { migrate },
    { createDrizzleStores, migrationsFolder },
  ] = await Promise.all([
    import('better-sqlite3'),
    import('drizzle-orm/better-sqlite3'),
    import('drizzle-orm/better-sqlite3/migrator'),
    import('@oauthkit/drizzle'),
  ]);
  mkdirSync(dirname(file), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('busy_timeout = 5000');
  const db = drizzle(sqlite);
  migrate(db, { migrationsFolder: migrationsFolder('sqlite') });
  return {
    stores: createDrizzleStores(db),
    kind: `sqlite (${file})`,
    close: async () => {
      sqlite.close();
    },
  };
}

async function drizzlePg(url: string): Promise<OpenedStores> {
  const [{ drizzle }, { migrate }, { createDrizzleStores, migrationsFolder }, pg] =
    await Promise.all([
      import('drizzle-orm/node-postgres'),
      import('drizzle-orm/node-postgres/migrator'),
      import('@oauthkit/drizzle'),
      import('pg'),
    ]);
  const pool = new pg.default.Pool({ connectionString: url });
  const db = drizzle(pool);
  await migrate(db, { migrationsFolder: migrationsFolder('pg') });
  return { stores: createDrizzleStores(db), kind: 'drizzle (postgresql)', close: () => pool.end() };
}

async function redis(url: string): Promise<OpenedStores> {
  const [{ Redis }, { createRedisStores }] = await Promise.all([
    import('ioredis'),
    import('@oauthkit/redis'),
  ]);
  const client = new Redis(url, { maxRetriesPerRequest: 1 });
  return {
    stores: createRedisStores(client) as Stores,
    kind: 'redis',
    close: async () => {
      client.disconnect();
    },
  };
}

async function prisma(url: string, env: NodeJS.ProcessEnv): Promise<OpenedStores> {
  const { openPrismaStores } = await import('./prisma-stores.js');
  return openPrismaStores(url, env);
}

async function mongoose(url: string): Promise<OpenedStores> {
  const [{ default: mongoose }, { createMongooseStores }] = await Promise.all([
    import('mongoose'),
    import('@oauthkit/mongoose'),
  ]);
  const connection = await mongoose.createConnection(url).asPromise();
  return {
    stores: createMongooseStores(connection) as Stores,
    kind: 'mongoose',
    close: () => connection.close(),
  };
}
