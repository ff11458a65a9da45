import { createTestDatabase, getServiceUrl, type TestDatabase } from '@oauthkit/store-tests';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createPrismaStores } from '../src/index.js';
import { exerciseHotPath } from './support/exercise-hot-path.js';
import { importGeneratedClient, type TestPrismaClient } from './support/generated-client.js';
import { migrationSql } from './support/raw-database.js';

// On PostgreSQL the hot-path statements are raw SQL: they must name the tables in the schema
// Prisma's own queries use, the driver adapter's `schema` option. The tables live only in
// `auth` here, so a statement that named `public` (or relied on the search_path) would fail.

const service = await getServiceUrl('postgres');
let db: TestDatabase | undefined;
let pool: pg.Pool | undefined;
let prisma: (TestPrismaClient & { $disconnect(): Promise<void> }) | undefined;

afterAll(async () => {
  await prisma?.$disconnect();
  await pool?.end().catch(() => {});
  await db?.drop();
});

describe.skipIf('skip' in service)('Prisma stores on PostgreSQL in a schema of their own', () => {
  it('every hot-path statement goes to the adapter schema', async () => {
    db = await createTestDatabase('postgres', (service as { url: string }).url, 'prisma_pg_schema');
    const setup = new pg.Client({ connectionString: db.url });
    await setup.connect();
    try {
      await setup.query('CREATE SCHEMA auth');
      await setup.query('SET search_path TO auth');
      await setup.query(migrationSql('postgresql').replaceAll('"public"', '"auth"'));
      const left = await setup.query(
        "SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public' AND tablename LIKE 'oauth_%'",
      );
      expect(left.rows[0].n).toBe(0);
    } finally {
      await setup.end();
    }
    const { PrismaClient } = await importGeneratedClient('postgresql');
    pool = new pg.Pool({ connectionString: db.url });
    pool.on('error', () => {});
    prisma = new PrismaClient({ adapter: new PrismaPg(pool, { schema: 'auth' }) }) as never;
    await exerciseHotPath(createPrismaStores(prisma!), 'schema-client');
  });
});
