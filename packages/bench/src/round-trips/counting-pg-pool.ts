import pg from 'pg';
import { createStatementLog, type StatementLog } from './statement-log.js';

/**
 * A `pg.Pool` that logs every query any of its clients sends (`BEGIN` and `COMMIT`
 * included): the round trips of whatever runs on it, Drizzle's node-postgres driver or
 * Prisma's `@prisma/adapter-pg`.
 */
export function createCountingPgPool(url: string, max = 4): { pool: pg.Pool; log: StatementLog } {
  const log = createStatementLog();
  const pool = new pg.Pool({ connectionString: url, max });
  pool.on('error', () => {});
  pool.on('connect', (client) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as { query: unknown }).query = (...args: unknown[]) => {
      const first = args[0] as string | { text?: string; name?: string };
      log.push(typeof first === 'string' ? first : (first.text ?? first.name ?? '?'));
      return query(...args);
    };
  });
  return { pool, log };
}
