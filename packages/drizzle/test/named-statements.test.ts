import { createRecordFactory, createTestDatabase, getServiceUrl } from '@oauthkit/store-tests';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDrizzleStores, migrationsFolder } from '../src/index.js';

// The hot-path statements are named prepared statements on PostgreSQL unless turned off: on
// one connection, the server then holds them (pg_prepared_statements), and runs them again
// without parsing.

const service = await getServiceUrl('postgres');

describe.skipIf('skip' in service)('namedStatements on node-postgres', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  const pools: pg.Pool[] = [];
  const connect = () => {
    const pool = new pg.Pool({ connectionString: database.url, max: 1 });
    pools.push(pool);
    return pool;
  };
  const prepared = async (pool: pg.Pool) =>
    (await pool.query('SELECT name FROM pg_prepared_statements')).rows.map((r) => r.name);

  beforeAll(async () => {
    database = await createTestDatabase(
      'postgres',
      (service as { url: string }).url,
      'drizzle-named',
    );
    await migrate(drizzle({ client: connect() }), { migrationsFolder: migrationsFolder('pg') });
  });
  afterAll(async () => {
    for (const pool of pools) await pool.end();
    await database?.drop();
  });

  async function exchange(stores: ReturnType<typeof createDrizzleStores>) {
    const f = createRecordFactory('millisecond', 'named-client');
    const { record: code } = f.code();
    await stores.codes.saveCode(code);
    const token = f.token({ familyId: code.familyId }).record;
    expect(await stores.codes.findCode(code.codeDigest)).toEqual(code);
    expect(
      (await stores.codes.redeemCode!(code.codeDigest, f.date(1), token, stores.tokens))?.status,
    ).toBe('consumed');
    // Twice: the second run uses what the first prepared.
    for (let i = 0; i < 2; i++) {
      expect(await stores.tokens.findByAccessToken(token.accessTokenDigest)).toEqual(token);
    }
  }

  it('names them by default, one per statement text', async () => {
    const pool = connect();
    await exchange(createDrizzleStores(drizzle({ client: pool })));
    // A second store bundle on the same connection reuses the same statements.
    await exchange(createDrizzleStores(drizzle({ client: pool })));
    const names = await prepared(pool);
    expect(names.length).toBeGreaterThanOrEqual(3);
    for (const name of names) expect(name).toMatch(/^oauthkit_[0-9a-f]{24}$/);
  });

  it('sends them unnamed with namedStatements: false', async () => {
    const pool = connect();
    await exchange(createDrizzleStores(drizzle({ client: pool }), { namedStatements: false }));
    expect(await prepared(pool)).toEqual([]);
    expect(() =>
      createDrizzleStores(drizzle({ client: pool }), { namedStatements: 'yes' as never }),
    ).toThrow(TypeError);
  });
});
