import { getServiceUrl } from '@oauthkit/store-tests';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { hardenPgPool } from '../src/index.js';

const postgres = await getServiceUrl('postgres');
const skip = 'skip' in postgres ? postgres.skip : undefined;
if (skip) console.warn(`[drizzle] hardenPgPool tests skipped: ${skip}`);

describe.skipIf(skip !== undefined)('hardenPgPool on a real PostgreSQL', () => {
  const url = 'url' in postgres ? postgres.url : '';
  const admin = new pg.Client({ connectionString: url });
  afterAll(() => admin.end());

  it('absorbs the error of a checked-out client whose backend dies, evicts it, and keeps serving', async () => {
    await admin.connect();
    const pool = new pg.Pool({ connectionString: url, max: 2 });
    const stats = hardenPgPool(pool);
    const uncaught: unknown[] = [];
    const onUncaught = (e: unknown) => uncaught.push(e);
    process.on('uncaughtException', onUncaught);
    try {
      const client = await pool.connect();
      const { rows } = await client.query<{ pid: number }>('select pg_backend_pid() as pid');
      // Kill the checked-out connection while no query runs on it: node-postgres then emits
      // 'error' on the client, which nobody listens to unless the pool is hardened.
      await admin.query('select pg_terminate_backend($1)', [rows[0]!.pid]);
      await expect
        .poll(() => stats.evicted + stats.clientErrors, { timeout: 5000 })
        .toBeGreaterThan(0);
      client.release(); // a second release (after the eviction) must be harmless
      for (let i = 0; i < 4; i++) {
        const r = await pool.query<{ one: number }>('select 1 as one');
        expect(r.rows[0]!.one).toBe(1);
      }
      expect(uncaught).toEqual([]);
    } finally {
      process.off('uncaughtException', onUncaught);
      await pool.end();
    }
  });
});
