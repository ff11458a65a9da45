import { createDrizzleStores, hardenPgPool, migrationsFolder } from '@oauthkit/drizzle';
import { createTestDatabase, getServiceUrl, type TestDatabase } from '@oauthkit/store-tests';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import {
  type CutMode,
  createTcpProxy,
  type StoredState,
  type TcpProxy,
  withTimeout,
} from '../src/index.js';
import {
  createOutageServer,
  expectOutageHandled,
  REQUIRED_TOKEN_FIELDS,
} from './support/outage-harness.js';
import { skipUnlessInCi } from './support/service-required-in-ci.js';

const service = await getServiceUrl('postgres', { docker: false });
// In CI a missing service fails the run instead of skipping it.
const skip = skipUnlessInCi(service);

/** Every token and code row, read with plain SQL on the direct connection. */
async function readState(direct: pg.Pool): Promise<StoredState> {
  const tokens = await direct.query('SELECT * FROM oauth_tokens');
  const codes = await direct.query(
    'SELECT code_digest, consumed_at FROM oauth_authorization_codes',
  );
  return {
    tokens: tokens.rows.map((r) => ({
      accessTokenDigest: r.access_token_digest,
      refreshTokenDigest: r.refresh_token_digest,
      familyId: r.family_id,
      grantType: r.grant_type,
      rotated: r.rotated_at !== null,
      missingFields: REQUIRED_TOKEN_FIELDS.filter((f) => r[f] === null || r[f] === ''),
    })),
    codes: codes.rows.map((r) => ({ codeDigest: r.code_digest, consumed: r.consumed_at !== null })),
  };
}

describe.skipIf(skip !== undefined)('PostgreSQL (Drizzle, node-postgres) outage under load', () => {
  let database: TestDatabase;
  let direct: pg.Pool;
  let pool: pg.Pool;
  let proxy: TcpProxy;
  let poolErrors = 0;
  let guarded: ReturnType<typeof hardenPgPool>;

  beforeAll(async () => {
    database = await createTestDatabase(
      'postgres',
      (service as { url: string }).url,
      'reliability-outage',
    );
    direct = new pg.Pool({ connectionString: database.url, max: 4 });
    await migrate(drizzle({ client: direct }), { migrationsFolder: migrationsFolder('pg') });
    const target = new URL(database.url);
    proxy = await createTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
    const proxied = new URL(database.url);
    proxied.hostname = '127.0.0.1';
    proxied.port = String(proxy.port);
    // Bounded waits, or a store call could outlive the outage: a connection attempt gives up
    // after 1 s, a query after 2 s.
    pool = new pg.Pool({
      connectionString: proxied.toString(),
      max: 10,
      connectionTimeoutMillis: 1_000,
      query_timeout: 2_000,
    });
    // Idle connections die with the cut; the pool reports them here and replaces them.
    pool.on('error', () => poolErrors++);
    // RELIABILITY_UNGUARDED_PG_POOL=1 runs without it, to watch the leak and the crash happen.
    guarded =
      process.env.RELIABILITY_UNGUARDED_PG_POOL === '1'
        ? { clientErrors: 0, evicted: 0 }
        : hardenPgPool(pool);
  });

  afterAll(async () => {
    // Bounded: unguarded (RELIABILITY_UNGUARDED_PG_POOL=1), a leaked client keeps end() waiting.
    await withTimeout(pool?.end() ?? Promise.resolve(), 5_000, 'pool.end').catch(() => {});
    await proxy?.close();
    direct?.on('error', () => {});
    await direct?.end();
    await database?.drop();
  });

  beforeEach(async () => {
    // Each scenario is judged on its own rows.
    await direct.query('DELETE FROM oauth_tokens');
    await direct.query('DELETE FROM oauth_authorization_codes');
  });

  const scenario = async (mode: CutMode) => {
    const directStores = createDrizzleStores(drizzle({ client: direct }));
    const setup = await createOutageServer(
      createDrizzleStores(drizzle({ client: pool })),
      directStores,
    );
    await expectOutageHandled({
      name: 'PostgreSQL via Drizzle (node-postgres)',
      mode,
      proxy,
      setup,
      direct: directStores,
      readState: () => readState(direct),
      extra: () => ({
        'pool errors (idle clients)': poolErrors,
        'checked-out client errors': guarded.clientErrors,
        'dead clients evicted': guarded.evicted,
        'clients still checked out': pool.totalCount - pool.idleCount,
      }),
    });
    // Every client went back to the pool: nothing leaked across the outage.
    expect(pool.totalCount - pool.idleCount).toBe(0);
  };

  test('3 s cut (connections reset) under 20 concurrent loops: fast 503s, nothing issued that is not stored, recovery on its own, no double redemption', () =>
    scenario('reset'));

  test('3 s partition (a black hole: nothing flows, nothing closes): failures bounded by the client timeouts, then the same guarantees', () =>
    scenario('blackhole'));
});
