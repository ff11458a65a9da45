import { PGlite } from '@electric-sql/pglite';
import { createRecordFactory, createTestDatabase, getServiceUrl } from '@oauthkit/store-tests';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePostgresJs } from 'drizzle-orm/postgres-js';
import pg from 'pg';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodePostgresDirect } from '../src/dialects/node-postgres-direct.js';
import { createDrizzleStores, migrationsFolder } from '../src/index.js';

// On node-postgres, the hot-path statements go straight to the pool: one `query(config)` with
// the values in the config. Drizzle's own path calls `query(config, params)`. With a drizzle
// logger (which the direct path would bypass), or on another driver, drizzle's path is kept.

const service = await getServiceUrl('postgres');

/** Every `query` call the pool gets: its statement name, and whether the values came inside. */
interface Call {
  name: string | undefined;
  direct: boolean;
}

describe.skipIf('skip' in service)('the direct node-postgres path', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  const pools: pg.Pool[] = [];
  const connect = () => {
    const pool = new pg.Pool({ connectionString: database.url, max: 2 });
    pools.push(pool);
    const calls: Call[] = [];
    const query = pool.query.bind(pool) as (...args: unknown[]) => unknown;
    (pool as { query: unknown }).query = (...args: unknown[]) => {
      const config = args[0] as { name?: string; values?: unknown } | string;
      calls.push({
        name: typeof config === 'string' ? undefined : config.name,
        direct: args.length === 1 && typeof config === 'object' && Array.isArray(config.values),
      });
      return query(...args);
    };
    return { pool, calls };
  };

  beforeAll(async () => {
    database = await createTestDatabase(
      'postgres',
      (service as { url: string }).url,
      'drizzle-direct',
    );
    await migrate(drizzle({ client: connect().pool }), {
      migrationsFolder: migrationsFolder('pg'),
    });
  });
  afterAll(async () => {
    for (const pool of pools) await pool.end();
    await database?.drop();
  });

  // The hot path of a code exchange and a refresh, checking every record read back.
  async function hotPath(stores: ReturnType<typeof createDrizzleStores>, client: string) {
    const f = createRecordFactory('millisecond', client);
    const { record: code } = f.code();
    await stores.codes.saveCode(code);
    expect(await stores.codes.findCode(code.codeDigest)).toEqual(code);
    const token = f.token({
      familyId: code.familyId,
      extensions: { authTime: 1, amr: ['pwd'] },
    }).record;
    const redeemed = await stores.codes.redeemCode!(
      code.codeDigest,
      f.date(1),
      token,
      stores.tokens,
    );
    expect(redeemed).toEqual({ status: 'consumed', code });
    expect(await stores.tokens.findByAccessToken(token.accessTokenDigest)).toEqual(token);
    expect(await stores.tokens.findByRefreshToken(token.refreshTokenDigest!)).toEqual(token);
    const next = f.token({ familyId: code.familyId }).record;
    expect(await stores.tokens.rotateRefreshToken(token.refreshTokenDigest!, next, f.date(2))).toBe(
      true,
    );
    await stores.tokens.saveToken(f.token({ refreshTokenDigest: null }).record);
    expect(await stores.codes.consumeCode(code.codeDigest, f.date(3))).toMatchObject({
      status: 'replayed',
    });
  }

  it('sends the hot-path statements straight to the pg pool', async () => {
    const { pool, calls } = connect();
    await hotPath(createDrizzleStores(drizzle({ client: pool })), 'direct-client');
    const named = calls.filter((c) => c.name?.startsWith('oauthkit_'));
    // findCode, redeemCode, both lookups, the rotation, saveToken, consumeCode, findCode.
    expect(named.length).toBeGreaterThanOrEqual(7);
    expect(named.filter((c) => !c.direct)).toEqual([]);
  });

  it('sends them unnamed, still directly, with namedStatements: false', async () => {
    const { pool, calls } = connect();
    const db = drizzle({ client: pool });
    await hotPath(createDrizzleStores(db, { namedStatements: false }), 'direct-unnamed');
    expect(calls.filter((c) => c.direct).length).toBeGreaterThanOrEqual(7);
    expect(calls.filter((c) => c.name !== undefined)).toEqual([]);
  });

  it('keeps drizzle’s path when drizzle has a logger', async () => {
    const { pool, calls } = connect();
    const logged: string[] = [];
    const db = drizzle({ client: pool, logger: { logQuery: (text) => logged.push(text) } });
    await hotPath(createDrizzleStores(db), 'logged-client');
    const named = calls.filter((c) => c.name?.startsWith('oauthkit_'));
    expect(named.length).toBeGreaterThanOrEqual(7);
    expect(named.filter((c) => c.direct)).toEqual([]);
    expect(logged.length).toBe(calls.length);
  });

  it('is taken on node-postgres only', async () => {
    const { pool } = connect();
    expect(nodePostgresDirect(drizzle({ client: pool }))).toBeDefined();
    expect(nodePostgresDirect(drizzle({ client: pool, logger: true }))).toBeUndefined();
    const client = new PGlite();
    try {
      expect(nodePostgresDirect(drizzlePglite({ client }))).toBeUndefined();
    } finally {
      await client.close();
    }
    const sql = postgres(database.url, { max: 1 });
    try {
      expect(nodePostgresDirect(drizzlePostgresJs({ client: sql }))).toBeUndefined();
    } finally {
      await sql.end();
    }
  });
});
