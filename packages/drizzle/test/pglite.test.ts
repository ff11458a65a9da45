import { PGlite } from '@electric-sql/pglite';
import { runStoreConformanceSuite } from '@oauthkit/store-tests';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import { migrationsFolder } from '../src/index.js';
import { createDrizzleSuiteContext } from './drizzle-suite-context.js';

let client: PGlite | undefined;

runStoreConformanceSuite({
  name: 'drizzle/PGlite (in memory)',
  async setup() {
    client = new PGlite();
    const db = drizzle({ client });
    await migrate(db, { migrationsFolder: migrationsFolder('pg') });
    const c = client;
    return createDrizzleSuiteContext(
      db,
      async (text, params) => (await c.query<Record<string, unknown>>(text, params)).rows,
      '$1',
    );
  },
  async teardown() {
    await client?.close();
  },
});
