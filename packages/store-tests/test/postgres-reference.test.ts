import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../src/databases/create-test-database.js';
import { runStoreConformanceSuite } from '../src/run-store-conformance-suite.js';
import { getServiceUrl } from '../src/services/get-service-url.js';
import { createSuiteHarness } from '../src/suite-harness.js';
import { raceScenarios } from '../src/suites/races.js';
import {
  createPostgresReferenceContext,
  createPostgresReferenceStores,
  SCHEMA,
} from './support/postgres-reference-stores.js';

// The suite on a real database: a correct SQL store passes it, fast; a store that revokes a
// family with one bare UPDATE fails it.
const service = await getServiceUrl('postgres');
let db: TestDatabase | undefined;
let pool: pg.Pool | undefined;

async function open(): Promise<pg.Pool> {
  db = await createTestDatabase('postgres', (service as { url: string }).url, 'store_tests_ref');
  pool = new pg.Pool({ connectionString: db.url, max: 10 });
  pool.on('error', () => {}); // connections ended by the forced drop
  await pool.query(SCHEMA);
  return pool;
}

async function close(): Promise<void> {
  await pool?.end();
  await db?.drop();
}

runStoreConformanceSuite({
  name: 'postgres reference store',
  skip: 'skip' in service ? service.skip : undefined,
  async setup() {
    const p = await open();
    return createPostgresReferenceContext(p, createPostgresReferenceStores(p));
  },
  teardown: close,
});

describe.skipIf('skip' in service)('the family race on a real database', () => {
  let naivePool: pg.Pool;
  let naiveDb: TestDatabase;
  beforeAll(async () => {
    naiveDb = await createTestDatabase(
      'postgres',
      (service as { url: string }).url,
      'store_tests_naive',
    );
    naivePool = new pg.Pool({ connectionString: naiveDb.url, max: 10 });
    naivePool.on('error', () => {});
    await naivePool.query(SCHEMA);
  });
  afterAll(async () => {
    await naivePool?.end();
    await naiveDb?.drop();
  });

  it('fails a store whose revokeFamily is one bare UPDATE (READ COMMITTED misses the insert)', async () => {
    const context = createPostgresReferenceContext(
      naivePool,
      createPostgresReferenceStores(naivePool, false),
    );
    const h = createSuiteHarness(() => context, 'millisecond');
    const [, scenario] = Object.entries(raceScenarios).find(([t]) => t.startsWith('revokeFamily'))!;
    // It loses within a few rounds in practice; three runs keep a lucky streak from passing it.
    const failures: string[] = [];
    for (let run = 0; run < 3 && failures.length === 0; run++) {
      await context.reset();
      await h.seed();
      await scenario(h).catch((error: Error) => failures.push(error.message));
    }
    expect(failures).toEqual([expect.stringMatching(/^round \d+: [0-9a-f]{64} stored active/)]);
  });
});
