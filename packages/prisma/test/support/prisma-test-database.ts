import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFaultyPgPool, createTestDatabase, type TestDatabase } from '@oauthkit/store-tests';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaMariaDb } from '@prisma/adapter-mariadb';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { faultyAdapterFactory } from './faulty-adapter.js';
import {
  type GeneratedClientModule,
  importGeneratedClient,
  type Provider,
  type TestPrismaClient,
} from './generated-client.js';
import {
  mariadbConfig,
  migrationSql,
  openMysql,
  openPostgres,
  openSqlite,
  type RawDatabase,
} from './raw-database.js';

/** A database of one test file, migrated with the shipped SQL, with a Prisma client on it. */
export interface PrismaTestDatabase {
  prisma: TestPrismaClient;
  raw: RawDatabase;
  /**
   * A second client on the same database whose connection fails after `okCalls` statements
   * (see `StoreSuiteContext.faulty`); only where the driver lets the tests break it.
   */
  faulty?(okCalls: number): Promise<{ prisma: TestPrismaClient; close(): Promise<void> }>;
  /** PostgreSQL: the pg pool the client's adapter runs on. */
  pool?: pg.Pool;
  /** Disconnects and drops the database; safe to call twice. */
  drop(): Promise<void>;
}

/** PostgreSQL only: how the client's pool and adapter are made, and what migrates the database. */
export interface PostgresTestOptions {
  /** Connections of the client's pool (default pg's). */
  poolMax?: number;
  /** The driver adapter's options (its `schema`, its `statementNameGenerator`...). */
  adapter?: ConstructorParameters<typeof PrismaPg>[1];
  /** The SQL run to migrate the database (default: the shipped migration.sql). */
  migration?: string;
}

/** Receives each SQL statement the client sends, with its parameters. */
export type QueryListener = (query: string, params: unknown[]) => void;

/**
 * Creates this file's own database (a temp-dir file for SQLite), applies the provider's
 * migration.sql and connects the generated client through the provider's driver adapter.
 * `serviceUrl` is the server's URL from `getServiceUrl` (unused for SQLite); `onQuery`, if
 * given, sees every statement the client sends.
 */
export async function createPrismaTestDatabase(
  provider: Provider,
  serviceUrl: string,
  label: string,
  onQuery?: QueryListener,
  postgres: PostgresTestOptions = {},
): Promise<PrismaTestDatabase> {
  const { PrismaClient } = await importGeneratedClient(provider);
  let db: TestDatabase;
  let raw: RawDatabase;
  let adapter: unknown;
  let endPool: () => Promise<void> = async () => {};
  let pgPool: pg.Pool | undefined;
  if (provider === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), `oauthkit-${label}-`));
    const file = join(dir, 'oauthkit.db');
    raw = openSqlite(file);
    adapter = new PrismaBetterSqlite3({ url: `file:${file}` });
    db = {
      url: `file:${file}`,
      name: file,
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  } else if (provider === 'postgresql') {
    db = await createTestDatabase('postgres', serviceUrl, label);
    raw = openPostgres(db.url);
    // Our own pool, so that its idle clients have an error listener: dropping the database
    // terminates their backends, which would otherwise surface as uncaught exceptions.
    const pool = new pg.Pool({ connectionString: db.url, max: postgres.poolMax });
    pool.on('error', () => {});
    endPool = () => pool.end().catch(() => {});
    adapter = new PrismaPg(pool, postgres.adapter);
    pgPool = pool;
  } else {
    db = await createTestDatabase('mysql', serviceUrl, label);
    raw = openMysql(db.url);
    adapter = new PrismaMariaDb({ ...mariadbConfig(db.url), connectionLimit: 10 });
  }
  await raw.exec(postgres.migration ?? migrationSql(provider));
  const prisma = onQuery
    ? loggingClient(PrismaClient, adapter, onQuery)
    : new PrismaClient({ adapter });
  let dropped: Promise<void> | undefined;
  // PostgreSQL: failures in the pg pool itself; MariaDB and SQLite: at the driver adapter,
  // whose pools the tests cannot reach.
  const faulty = async (okCalls: number) => {
    if (provider === 'postgresql') {
      const pool = createFaultyPgPool(db.url, okCalls);
      const client = new PrismaClient({ adapter: new PrismaPg(pool) });
      return {
        prisma: client,
        async close() {
          await client.$disconnect().catch(() => {});
          await pool.end().catch(() => {});
        },
      };
    }
    const factory =
      provider === 'sqlite'
        ? new PrismaBetterSqlite3({ url: db.url })
        : new PrismaMariaDb({ ...mariadbConfig(db.url), connectionLimit: 4 });
    const client = new PrismaClient({ adapter: faultyAdapterFactory(factory, okCalls) });
    return {
      prisma: client,
      close: async () => client.$disconnect().catch(() => {}),
    };
  };
  return {
    prisma,
    raw,
    faulty,
    ...(pgPool === undefined ? {} : { pool: pgPool }),
    drop() {
      dropped ??= (async () => {
        await prisma.$disconnect();
        await endPool();
        await raw.close();
        await db.drop();
      })();
      return dropped;
    },
  };
}

/** A client that reports its statements: Prisma's query log events, with parameters parsed. */
function loggingClient(
  PrismaClient: GeneratedClientModule['PrismaClient'],
  adapter: unknown,
  onQuery: QueryListener,
): TestPrismaClient {
  // `log` and `$on` are the generated client's own API; the structural type leaves them out.
  const Client = PrismaClient as unknown as new (options: {
    adapter: unknown;
    log: { emit: 'event'; level: 'query' }[];
  }) => TestPrismaClient & {
    $on(event: 'query', listener: (e: { query: string; params: string }) => void): void;
  };
  const prisma = new Client({ adapter, log: [{ emit: 'event', level: 'query' }] });
  prisma.$on('query', (e) => onQuery(e.query, JSON.parse(e.params) as unknown[]));
  return prisma;
}
