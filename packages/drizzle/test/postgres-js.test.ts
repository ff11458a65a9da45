import { createTestDatabase, getServiceUrl, runStoreConformanceSuite } from '@oauthkit/store-tests';
import { drizzle } from 'drizzle-orm/postgres-js';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import { migrationsFolder } from '../src/index.js';
import { createDrizzleSuiteContext } from './drizzle-suite-context.js';
import { createFaultyPostgresJs } from './faulty-postgres-js.js';

const service = await getServiceUrl('postgres');
let database: Awaited<ReturnType<typeof createTestDatabase>> | undefined;
let client: postgres.Sql | undefined;

runStoreConformanceSuite({
  name: 'drizzle/postgres.js',
  skip: 'skip' in service ? service.skip : undefined,
  async setup() {
    database = await createTestDatabase(
      'postgres',
      (service as { url: string }).url,
      'drizzle-pgjs',
    );
    client = postgres(database.url, { max: 10, onnotice: () => {} });
    const db = drizzle({ client });
    await migrate(db, { migrationsFolder: migrationsFolder('pg') });
    const sql = client;
    const url = database.url;
    return createDrizzleSuiteContext(
      db,
      async (text, params) => [...(await sql.unsafe(text, params as never[]))],
      '$1',
      async (okCalls) => {
        const faulty = createFaultyPostgresJs(url, okCalls);
        return { db: drizzle({ client: faulty.sql }), close: faulty.close };
      },
    );
  },
  async teardown() {
    await client?.end();
    await database?.drop();
  },
});
