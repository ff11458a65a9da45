import {
  createFaultyPgPool,
  createTestDatabase,
  getServiceUrl,
  runStoreConformanceSuite,
} from '@oauthkit/store-tests';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { hardenPgPool, migrationsFolder } from '../src/index.js';
import { createDrizzleSuiteContext } from './drizzle-suite-context.js';

const service = await getServiceUrl('postgres');
let database: Awaited<ReturnType<typeof createTestDatabase>> | undefined;
let pool: pg.Pool | undefined;

runStoreConformanceSuite({
  name: 'drizzle/node-postgres',
  skip: 'skip' in service ? service.skip : undefined,
  async setup() {
    database = await createTestDatabase('postgres', (service as { url: string }).url, 'drizzle-pg');
    // Several connections, so the suite's concurrent calls really run in parallel.
    pool = new pg.Pool({ connectionString: database.url, max: 10 });
    const db = drizzle({ client: pool });
    await migrate(db, { migrationsFolder: migrationsFolder('pg') });
    const p = pool;
    const url = database.url;
    return createDrizzleSuiteContext(
      db,
      async (text, params) => (await p.query(text, params)).rows,
      '$1',
      async (okCalls) => {
        const faultyPool = createFaultyPgPool(url, okCalls);
        hardenPgPool(faultyPool);
        return { db: drizzle({ client: faultyPool }), close: () => faultyPool.end() };
      },
    );
  },
  async teardown() {
    // The forced DROP DATABASE below may still reach connections pg is closing.
    pool?.on('error', () => {});
    await pool?.end();
    await database?.drop();
  },
});
