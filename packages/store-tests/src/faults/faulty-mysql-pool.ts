import mysql from 'mysql2/promise';
import { createFaultBudget, type FaultBudget, injectedFailure } from './fault-budget.js';

const SENDERS = ['query', 'execute'] as const;

function guard(target: object, budget: FaultBudget, onFailure: () => void): void {
  const t = target as Record<string, unknown>;
  for (const name of SENDERS) {
    const send = t[name] as (...args: unknown[]) => Promise<unknown>;
    t[name] = (...args: unknown[]) => {
      if (budget.spend()) return send.apply(target, args);
      onFailure();
      return Promise.reject(injectedFailure());
    };
  }
}

/**
 * A mysql2 promise pool whose connections fail on purpose: the first `okCalls` statements
 * (across the pool and the connections it lends, `BEGIN` and `COMMIT` included) run, every
 * later one fails, and the connection it was sent on is destroyed, as a dropped connection
 * is. Pass it to the drizzle driver under test.
 *
 * @example
 * const pool = createFaultyMysqlPool(database.url, 2);
 * const stores = createDrizzleStores(drizzle({ client: pool }));
 */
export function createFaultyMysqlPool(url: string, okCalls: number): mysql.Pool {
  const budget = createFaultBudget(okCalls);
  const pool = mysql.createPool({ uri: url, connectionLimit: 4 });
  guard(pool, budget, () => {});
  const getConnection = pool.getConnection.bind(pool);
  pool.getConnection = async () => {
    const connection = await getConnection();
    guard(connection, budget, () => connection.destroy());
    return connection;
  };
  return pool;
}
