import type { Stores } from '@oauthkit/core';
import { createMemoryStores } from '@oauthkit/core/testing';

/** The stores oauthkit is measured on. */
export type StoreKind = 'memory' | 'redis' | 'prisma' | 'drizzle';

/** Opened stores and how to release their connections. */
export interface OpenedStores {
  stores: Stores;
  close(): Promise<void>;
}

// Each driver pool gets the same size, so the SQL stores compare on equal terms.
const POOL_SIZE = 10;

/**
 * Opens the stores of `kind` in a server process. The database (or Redis key prefix) was
 * created and migrated by the bench before the server started; its address comes in
 * `env`: `BENCH_PRISMA_URL`, `BENCH_DRIZZLE_URL`, `BENCH_REDIS_URL` + `BENCH_REDIS_PREFIX`.
 */
export async function openStores(kind: StoreKind, env: NodeJS.ProcessEnv): Promise<OpenedStores> {
  switch (kind) {
    case 'memory':
      return { stores: createMemoryStores(), close: async () => {} };
    case 'redis': {
      const [{ Redis }, { createRedisStores }] = await Promise.all([
        import('ioredis'),
        import('@oauthkit/redis'),
      ]);
      const redis = new Redis(required(env, 'BENCH_REDIS_URL'), { maxRetriesPerRequest: 1 });
      const prefix = required(env, 'BENCH_REDIS_PREFIX');
      return {
        stores: createRedisStores(redis, { prefix }),
        close: async () => void redis.disconnect(),
      };
    }
    case 'prisma': {
      const [{ PrismaPg }, { createPrismaStores, prismaStatementNames }, { PrismaClient }] =
        await Promise.all([
          import('@prisma/adapter-pg'),
          import('@oauthkit/prisma'),
          import('./prisma-client.js'),
        ]);
      // The stores' statements prepared once per connection, as the package README sets it up.
      const adapter = new PrismaPg(
        { connectionString: required(env, 'BENCH_PRISMA_URL'), max: POOL_SIZE },
        { statementNameGenerator: prismaStatementNames },
      );
      // No call site recorded per query, as the package README advises for production.
      const prisma = new PrismaClient({ adapter, errorFormat: 'minimal' });
      return { stores: createPrismaStores(prisma), close: () => prisma.$disconnect() };
    }
    case 'drizzle': {
      const [{ drizzle }, { createDrizzleStores }, pg] = await Promise.all([
        import('drizzle-orm/node-postgres'),
        import('@oauthkit/drizzle'),
        import('pg'),
      ]);
      const pool = new pg.default.Pool({
        connectionString: required(env, 'BENCH_DRIZZLE_URL'),
        max: POOL_SIZE,
      });
      return { stores: createDrizzleStores(drizzle(pool)), close: () => pool.end() };
    }
  }
}

function required(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name];
  if (!value) throw new TypeError(`${name} is not set: start servers through the bench`);
  return value;
}
