import { getServiceUrl } from '@oauthkit/store-tests';
import { afterAll, describe, expect, it } from 'vitest';
import { createPrismaStores, prismaStatementNames } from '../src/index.js';
import { exerciseHotPath } from './support/exercise-hot-path.js';
import {
  createPrismaTestDatabase,
  type PrismaTestDatabase,
} from './support/prisma-test-database.js';

// With `prismaStatementNames` as the adapter's statement name generator, the stores' raw
// PostgreSQL statements are prepared once per connection under their names, and nothing else
// is named. One connection, so the session's prepared statements are the pool's.

const service = await getServiceUrl('postgres');
let db: PrismaTestDatabase | undefined;

afterAll(async () => {
  await db?.drop();
});

describe.skipIf('skip' in service)('prismaStatementNames on PostgreSQL', () => {
  it('names the stores statements, each prepared once, and no other query', async () => {
    db = await createPrismaTestDatabase(
      'postgresql',
      (service as { url: string }).url,
      'prisma_names',
      undefined,
      { poolMax: 1, adapter: { statementNameGenerator: prismaStatementNames } },
    );
    const { prisma } = db;
    const pool = db.pool!;
    const stores = createPrismaStores(prisma);
    const prepared = async () =>
      (
        await pool.query<{ name: string }>('SELECT name FROM pg_prepared_statements ORDER BY name')
      ).rows.map((r) => r.name);
    const round = () => exerciseHotPath(stores, 'names-client');

    await round();
    const afterOne = await prepared();
    // client, access and refresh lookups, token insert, rotation, revocation, code lookup,
    // redemption, consumption.
    expect(afterOne.length).toBeGreaterThanOrEqual(9);
    expect(afterOne.every((name) => name.startsWith('oauthkit_'))).toBe(true);
    // A query of the app's own is sent unnamed.
    const raw = prisma as unknown as { $queryRawUnsafe(sql: string): Promise<unknown> };
    await raw.$queryRawUnsafe('SELECT 1 AS one');
    await round();
    expect(await prepared(), 'a second round prepares nothing new').toEqual(afterOne);
  });
});
