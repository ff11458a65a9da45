import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Stores } from '@oauthkit/core';
import { createMemoryStores } from '@oauthkit/core/testing';
import { importOptional } from './import-optional.js';
import { loadModule } from './load-module.js';

/** The stores the CLI (or the example server) runs on, and how to close them. */
export interface OpenedStores {
  stores: Stores;
  kind: string;
  close(): Promise<void>;
}

/** How `openStores` treats the database. */
export interface OpenStoresOptions {
  /**
   * Apply the migrations `@oauthkit/drizzle` ships (recorded in their own table) before
   * returning. Default `true`, for the example server's embedded SQLite; `oauthkit client
   * create` passes `false`: registering a client never changes a schema.
   */
  migrate?: boolean;
}

/** The store kinds `OAUTHKIT_STORE` accepts. */
export const STORE_KINDS = ['sqlite', 'drizzle', 'prisma', 'redis', 'mongoose', 'memory'] as const;

/**
 * Builds the stores chosen by the environment:
 *
 * - `OAUTHKIT_CONFIG`: a `.js` or `.ts` module of the application whose default export is its
 *   `Stores`, or a function returning them (or `{ stores, close }`); the exact stores the app
 *   runs on. When set, everything below is ignored.
 * - `OAUTHKIT_STORE=sqlite` (default): Drizzle on the SQLite file `OAUTHKIT_SQLITE_FILE`
 *   (default `.data/oauthkit.db`).
 * - `drizzle`: `DATABASE_URL` `postgres://` (pg), `mysql://`/`mariadb://` (mysql2) or
 *   `file:` (better-sqlite3).
 * - `prisma`: `DATABASE_URL` and `PRISMA_CLIENT_MODULE`, the client you generated (`.js` or
 *   `.ts`); its tables come from `prisma migrate deploy`, never from here.
 * - `redis`: `REDIS_URL`, keys under `OAUTHKIT_REDIS_PREFIX` (default `oauthkit:`).
 * - `mongoose`: `MONGODB_URL`. `memory`: nothing kept.
 *
 * Drivers and store packages are optional peer dependencies: a missing one is a `TypeError`
 * saying what to install.
 */
export async function openStores(
  env: NodeJS.ProcessEnv,
  options: OpenStoresOptions = {},
): Promise<OpenedStores> {
  const migrate = options.migrate ?? true;
  if (env.OAUTHKIT_CONFIG) return fromConfig(env.OAUTHKIT_CONFIG);
  const kind = env.OAUTHKIT_STORE ?? 'sqlite';
  switch (kind) {
    case 'memory':
      return { stores: createMemoryStores(), kind, close: async () => {} };
    case 'sqlite':
      return sqlite(env.OAUTHKIT_SQLITE_FILE ?? '.data/oauthkit.db', migrate);
    case 'drizzle':
      return drizzleFromUrl(env.DATABASE_URL, env, migrate);
    case 'redis':
      return redis(env.REDIS_URL ?? 'redis://127.0.0.1:6379', env.OAUTHKIT_REDIS_PREFIX);
    case 'prisma': {
      const { openPrismaStores } = await import('./prisma-stores.js');
      return openPrismaStores(required(env, 'DATABASE_URL'), env);
    }
    case 'mongoose':
      return mongoose(required(env, 'MONGODB_URL'), migrate);
    default:
      throw new TypeError(`OAUTHKIT_STORE must be one of ${STORE_KINDS.join(', ')} (got ${kind})`);
  }
}

function required(env: NodeJS.ProcessEnv, name: string): string {
  const v = env[name];
  if (!v) throw new TypeError(`${name} must be set for OAUTHKIT_STORE=${env.OAUTHKIT_STORE}`);
  return v;
}

async function drizzleFromUrl(
  url: string | undefined,
  env: NodeJS.ProcessEnv,
  migrate: boolean,
): Promise<OpenedStores> {
  if (!url) return sqlite(env.OAUTHKIT_SQLITE_FILE ?? '.data/oauthkit.db', migrate);
  if (/^postgres(ql)?:/.test(url)) return drizzlePg(url, migrate);
  if (/^(mysql|mariadb):/.test(url)) return drizzleMysql(url, migrate);
  if (url.startsWith('file:')) return sqlite(url.slice('file:'.length), migrate);
  throw new TypeError('DATABASE_URL must start with postgres://, mysql://, mariadb:// or file:');
}

async function sqlite(path: string, migrate: boolean): Promise<OpenedStores> {
  const [{ default: Database }, { drizzle }, { migrate: run }, kit] = await importOptional(
    [
      'better-sqlite3',
      'drizzle-orm/better-sqlite3',
      'drizzle-orm/better-sqlite3/migrator',
      '@oauthkit/drizzle',
    ],
    'the SQLite store',
  );
  const file = resolve(path);
  mkdirSync(dirname(file), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('busy_timeout = 5000');
  const db = drizzle({ client: sqlite });
  if (migrate) run(db, kit.migrationConfig('sqlite'));
  return {
    stores: kit.createDrizzleStores(db),
    kind: `sqlite (${file})`,
    close: async () => {
      sqlite.close();
    },
  };
}

async function drizzlePg(url: string, migrate: boolean): Promise<OpenedStores> {
  const [pg, { drizzle }, { migrate: run }, kit] = await importOptional(
    ['pg', 'drizzle-orm/node-postgres', 'drizzle-orm/node-postgres/migrator', '@oauthkit/drizzle'],
    'the Drizzle store on PostgreSQL',
  );
  const pool = new pg.default.Pool({ connectionString: url });
  try {
    const db = drizzle({ client: pool });
    if (migrate) await run(db, kit.migrationConfig('pg'));
    return {
      stores: kit.createDrizzleStores(db),
      kind: 'drizzle (postgresql)',
      close: () => pool.end(),
    };
  } catch (error) {
    await pool.end();
    throw error;
  }
}

async function drizzleMysql(url: string, migrate: boolean): Promise<OpenedStores> {
  const [mysql, { drizzle }, { migrate: run }, kit] = await importOptional(
    ['mysql2/promise', 'drizzle-orm/mysql2', 'drizzle-orm/mysql2/migrator', '@oauthkit/drizzle'],
    'the Drizzle store on MySQL/MariaDB',
  );
  const pool = mysql.default.createPool({ uri: url.replace(/^mariadb:/, 'mysql:') });
  try {
    const db = drizzle({ client: pool });
    if (migrate) await run(db, kit.migrationConfig('mysql'));
    return {
      stores: kit.createDrizzleStores(db),
      kind: 'drizzle (mysql)',
      close: () => pool.end(),
    };
  } catch (error) {
    await pool.end();
    throw error;
  }
}

async function redis(url: string, prefix: string | undefined): Promise<OpenedStores> {
  const [{ Redis }, { createRedisStores }] = await importOptional(
    ['ioredis', '@oauthkit/redis'],
    'the Redis store',
  );
  const client = new Redis(url, { maxRetriesPerRequest: 1 });
  try {
    return {
      stores: createRedisStores(client, prefix === undefined ? {} : { prefix }),
      kind: `redis (prefix ${prefix ?? 'oauthkit:'})`,
      close: async () => {
        client.disconnect();
      },
    };
  } catch (error) {
    client.disconnect();
    throw error;
  }
}

async function mongoose(url: string, migrate: boolean): Promise<OpenedStores> {
  const [{ default: mongoose }, { createMongooseStores, registerOAuthModels }] =
    await importOptional(['mongoose', '@oauthkit/mongoose'], 'the Mongoose store');
  const connection = await mongoose.createConnection(url).asPromise();
  if (migrate) {
    const models = registerOAuthModels(connection);
    await Promise.all(
      Object.values(models).map((m) => (m as { syncIndexes(): Promise<unknown> }).syncIndexes()),
    );
  }
  return {
    stores: createMongooseStores(connection),
    kind: 'mongoose',
    close: () => connection.close(),
  };
}

/** What a config module's default export may be, or resolve to. */
type ConfigExport = Stores | { stores: Stores; close?(): Promise<void> | void };

async function fromConfig(path: string): Promise<OpenedStores> {
  const module = await loadModule(path, 'OAUTHKIT_CONFIG');
  let value = module.default as unknown;
  if (typeof value === 'function') value = await (value as () => unknown)();
  const exported = value as Partial<ConfigExport> | undefined;
  const stores = exported && 'stores' in exported ? exported.stores : (exported as Stores);
  if (!stores || typeof stores !== 'object' || typeof stores.clients?.saveClient !== 'function') {
    throw new TypeError(
      `OAUTHKIT_CONFIG ${path}: the default export must be your Stores, or a function returning them (or { stores, close })`,
    );
  }
  const close = exported && 'stores' in exported ? exported.close : undefined;
  return {
    stores,
    kind: `config (${path})`,
    close: async () => {
      await close?.();
    },
  };
}
