import pg from 'pg';
import { createFaultBudget, injectedFailure } from './fault-budget.js';

/**
 * A `pg.Pool` whose connections fail on purpose: the first `okCalls` queries (across every
 * client of the pool, `BEGIN` and `COMMIT` included) run, every later one fails as a dropped
 * connection would, and that connection is closed. Pass it to the driver adapter or the
 * drizzle driver under test.
 *
 * @example
 * const pool = createFaultyPgPool(database.url, 2);
 * const stores = createDrizzleStores(drizzle({ client: pool }));
 */
export function createFaultyPgPool(url: string, okCalls: number): pg.Pool {
  const budget = createFaultBudget(okCalls);
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  pool.on('error', () => {});
  pool.on('connect', (client) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as { query: unknown }).query = (...args: unknown[]) => {
      if (budget.spend()) return query(...args);
      // The connection goes down with the failed statement, as a real drop takes it.
      client.end().catch(() => {});
      const callback = args.findLast((a) => typeof a === 'function') as
        | ((error: Error) => void)
        | undefined;
      if (callback) {
        queueMicrotask(() => callback(injectedFailure()));
        return undefined;
      }
      return Promise.reject(injectedFailure());
    };
  });
  return pool;
}
