import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Stores } from '@oauthkit/core';
import { createDrizzleStores, migrationsFolder } from '@oauthkit/drizzle';
import { createPrismaStores, type PrismaClientLike } from '@oauthkit/prisma';
import { createRedisStores } from '@oauthkit/redis';
import { createTestDatabase } from '@oauthkit/store-tests';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import { Redis } from 'ioredis';
import { POSTGRES_URL, prismaMigrationSql, query, REDIS_URL } from '../bench-databases.js';
import { createCountingPgPool } from './counting-pg-pool.js';
import { countRedisCommands } from './counting-redis.js';
import type { StatementLog } from './statement-log.js';

/** The stores whose round trips are counted. */
export const COUNTED_STORES = ['drizzle-pg', 'prisma-pg', 'redis'] as const;

/** One of {@link COUNTED_STORES}. */
export type CountedStore = (typeof COUNTED_STORES)[number];

/** Stores of one kind on a database (or key prefix) of their own, with a log of what they send. */
export interface CountedStores {
  stores: Stores;
  log: StatementLog;
  /** Closes the connections and drops the database (or deletes the keys). */
  close(): Promise<void>;
}

/**
 * Opens `kind` on a fresh database of its own (migrated with the shipped migrations) or a
 * fresh Redis key prefix, with the driver hooked so that every statement is logged.
 */
export async function openCountedStores(kind: CountedStore): Promise<CountedStores> {
  if (kind === 'redis') {
    const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
    const prefix = `oauthkit:trips:${randomBytes(5).toString('hex')}:`;
    const log = countRedisCommands(redis);
    return {
      stores: createRedisStores(redis, { prefix }),
      log,
      async close() {
        let cursor = '0';
        do {
          const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
          cursor = next;
          if (keys.length > 0) await redis.unlink(...keys);
        } while (cursor !== '0');
        redis.disconnect();
      },
    };
  }
  const db = await createTestDatabase(
    'postgres',
    POSTGRES_URL,
    kind === 'drizzle-pg' ? 'trips_drizzle' : 'trips_prisma',
  );
  try {
    const { pool, log } = createCountingPgPool(db.url);
    if (kind === 'drizzle-pg') {
      await migrate(drizzle(pool), { migrationsFolder: migrationsFolder('pg') });
      return {
        stores: createDrizzleStores(drizzle(pool)),
        log,
        async close() {
          await pool.end();
          await db.drop();
        },
      };
    }
    await query(db.url, prismaMigrationSql());
    const [{ PrismaPg }, { PrismaClient }] = await Promise.all([
      import('@prisma/adapter-pg'),
      importPrismaClient(),
    ]);
    const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
    return {
      stores: createPrismaStores(prisma),
      log,
      async close() {
        await prisma.$disconnect();
        await pool.end().catch(() => {});
        await db.drop();
      },
    };
  } catch (error) {
    await db.drop();
    throw error;
  }
}

// The client the repository generates from the PostgreSQL schema (at install).
async function importPrismaClient() {
  const root = dirname(createRequire(import.meta.url).resolve('@oauthkit/prisma/package.json'));
  const module = (await import(join(root, 'generated/postgresql/client.ts'))) as {
    PrismaClient: new (options: {
      adapter: unknown;
    }) => PrismaClientLike & { $disconnect(): Promise<void> };
  };
  return module;
}
