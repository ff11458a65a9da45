// PostgreSQL stores for the soak server: Drizzle (node-postgres) or Prisma (adapter-pg), each
// on a database of its own (created, migrated with the shipped migrations, dropped on close).
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Stores } from '@oauthkit/core';
import { createDrizzleStores, hardenPgPool, migrationsFolder } from '@oauthkit/drizzle';
import { createPrismaStores } from '@oauthkit/prisma';
import { createTestDatabase } from '@oauthkit/store-tests';
import { PrismaPg } from '@prisma/adapter-pg';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';

export const SQL_SOAK_STORES = ['drizzle-postgres', 'prisma-postgres'] as const;
export type SqlSoakStoreKind = (typeof SQL_SOAK_STORES)[number];

/** The pool's connections: for the trend of a soak (a leak shows as `waiting` growing). */
export interface PoolSample {
  total: number;
  idle: number;
  waiting: number;
}

/** Pool size of the soak server: node-postgres' default. */
const POOL_MAX = 10;

export async function createSqlSoakStores(kind: SqlSoakStoreKind): Promise<{
  stores: Stores;
  pool(): PoolSample;
  close(): Promise<void>;
}> {
  const base = process.env.POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const database = await createTestDatabase('postgres', base, `soak_${kind.split('-')[0]}`);
  const pool = new pg.Pool({ connectionString: database.url, max: POOL_MAX });
  hardenPgPool(pool);
  const sample = () => ({
    total: pool.totalCount,
    idle: pool.idleCount,
    waiting: pool.waitingCount,
  });
  if (kind === 'drizzle-postgres') {
    const db = drizzle(pool);
    await migrate(db, { migrationsFolder: migrationsFolder('pg') });
    return {
      stores: createDrizzleStores(db),
      pool: sample,
      async close() {
        await pool.end();
        await database.drop();
      },
    };
  }
  // Every shipped migration, oldest first, as `prisma migrate deploy` would apply them.
  const migrations = fileURLToPath(new URL('../../../../prisma/migrations/', import.meta.url));
  for (const folder of readdirSync(migrations, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()) {
    await pool.query(readFileSync(join(migrations, folder, 'migration.sql'), 'utf8'));
  }
  // The client this repository generates for its tests (see @oauthkit/prisma's postinstall).
  const clientModule = pathToFileURL(
    join(
      dirname(createRequire(import.meta.url).resolve('@oauthkit/prisma/package.json')),
      'generated/postgresql/client.ts',
    ),
  ).href;
  const { PrismaClient } = (await import(clientModule)) as {
    PrismaClient: new (options: {
      adapter: unknown;
    }) => Parameters<typeof createPrismaStores>[0] & { $disconnect(): Promise<void> };
  };
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  return {
    stores: createPrismaStores(prisma),
    pool: sample,
    async close() {
      await prisma.$disconnect();
      await pool.end().catch(() => {});
      await database.drop();
    },
  };
}
