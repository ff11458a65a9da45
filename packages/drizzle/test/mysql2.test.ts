import {
  createFaultyMysqlPool,
  createTestDatabase,
  getServiceUrl,
  runStoreConformanceSuite,
} from '@oauthkit/store-tests';
import { drizzle } from 'drizzle-orm/mysql2';
import { migrate } from 'drizzle-orm/mysql2/migrator';
import mysql from 'mysql2/promise';
import { migrationsFolder } from '../src/index.js';
import { createDrizzleSuiteContext } from './drizzle-suite-context.js';

const service = await getServiceUrl('mysql');
let database: Awaited<ReturnType<typeof createTestDatabase>> | undefined;
let pool: mysql.Pool | undefined;

runStoreConformanceSuite({
  name: 'drizzle/mysql2 (MariaDB)',
  skip: 'skip' in service ? service.skip : undefined,
  async setup() {
    database = await createTestDatabase('mysql', (service as { url: string }).url, 'drizzle-mysql');
    pool = mysql.createPool({ uri: database.url, connectionLimit: 10 });
    const db = drizzle({ client: pool });
    await migrate(db, { migrationsFolder: migrationsFolder('mysql') });
    const p = pool;
    const url = database.url;
    return createDrizzleSuiteContext(
      db,
      async (text, params) => (await p.query(text, params))[0] as Record<string, unknown>[],
      '?',
      async (okCalls) => {
        const faulty = createFaultyMysqlPool(url, okCalls);
        return { db: drizzle({ client: faulty }), close: () => faulty.end() };
      },
    );
  },
  async teardown() {
    await pool?.end();
    await database?.drop();
  },
});
