import { getServiceUrl } from '@oauthkit/store-tests';
import { afterAll, describe, expect, it } from 'vitest';
import { createPrismaStores } from '../src/index.js';
import { exerciseHotPath } from './support/exercise-hot-path.js';
import {
  createPrismaTestDatabase,
  type PrismaTestDatabase,
} from './support/prisma-test-database.js';
import { migrationSql } from './support/raw-database.js';

// On PostgreSQL the hot-path statements are raw SQL: they must name the tables in the schema
// Prisma's own queries use, the driver adapter's `schema` option. The tables live only in
// `auth` here, so a statement that named `public` (or relied on the search_path) would fail.

const service = await getServiceUrl('postgres');
let db: PrismaTestDatabase | undefined;

afterAll(async () => {
  await db?.drop();
});

describe.skipIf('skip' in service)('Prisma stores on PostgreSQL in a schema of their own', () => {
  it('every hot-path statement goes to the adapter schema', async () => {
    db = await createPrismaTestDatabase(
      'postgresql',
      (service as { url: string }).url,
      'prisma_pg_schema',
      undefined,
      {
        adapter: { schema: 'auth' },
        // One multi-statement query: the search_path holds for the whole migration.
        migration: `CREATE SCHEMA auth; SET search_path TO auth; ${migrationSql('postgresql').replaceAll('"public"', '"auth"')}`,
      },
    );
    const left = await db.raw.query(
      "SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public' AND tablename LIKE 'oauth_%'",
    );
    expect(left[0]!['n']).toBe(0);
    await exerciseHotPath(createPrismaStores(db.prisma), 'schema-client');
  });
});
