import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaMariaDb } from '@prisma/adapter-mariadb';
import { PrismaPg } from '@prisma/adapter-pg';
import { createTestDatabase, type TestDatabase } from '@oauthkit/store-tests';
import { importGeneratedClient, type Provider, type TestPrismaClient } from './generated-client.js';
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
  /** Disconnects and drops the database; safe to call twice. */
  drop(): Promise<void>;
}

/**
 * Creates this file's own database (a temp-dir file for SQLite), applies the provider's
 * migration.sql and connects the generated client through the provider's driver adapter.
 * `serviceUrl` is the server's URL from `getServiceUrl` (unused for SQLite).
 */
export async function createPrismaTestDatabase(
  provider: Provider,
  serviceUrl: string,
  label: string,
): Promise<PrismaTestDatabase> {
  const { PrismaClient } = await importGeneratedClient(provider);
  let db: TestDatabase;
  let raw: RawDatabase;
  let adapter: unknown;
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
    adapter = new PrismaPg({ connectionString: db.url });
  } else {
    db = await createTestDatabase('mysql', serviceUrl, label);
    raw = openMysql(db.url);
    adapter = new PrismaMariaDb({ ...mariadbConfig(db.url), connectionLimit: 10 });
  }
  await raw.exec(migrationSql(provider));
  const prisma = new PrismaClient({ adapter });
  let dropped: Promise<void> | undefined;
  return {
    prisma,
    raw,
    drop() {
      dropped ??= (async () => {
        await prisma.$disconnect();
        await raw.close();
        await db.drop();
      })();
      return dropped;
    },
  };
}
