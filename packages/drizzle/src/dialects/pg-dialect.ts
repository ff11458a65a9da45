import { sql } from 'drizzle-orm';
import type { PgDatabase } from 'drizzle-orm/pg-core';
import { type ExecuteStep, runAsync } from '../operation.js';
import { causedBy, retryOnConflict } from '../retry.js';
import * as tables from '../tables/pg.js';
import { oauthPushedRequests } from '../tables/pg-pushed-requests.js';
import { type Dialect, oauthTablesOf } from './dialect.js';

// serialization_failure (a user running SERIALIZABLE), deadlock_detected.
const CONFLICT_CODES = new Set(['40001', '40P01']);
const isConflict = (error: unknown) =>
  causedBy(error, (e) => typeof e['code'] === 'string' && CONFLICT_CODES.has(e['code']));

const execute: ExecuteStep = (step) => {
  const query = step.query as any;
  if (step.read !== 'count') return query;
  // RETURNING gives the same answer on every driver (node-postgres, postgres.js, PGlite),
  // whose affected-row counts all come back under different names.
  return query.returning({ one: sql`1` }).then((r: unknown[]) => r.length);
};

/** PostgreSQL through any drizzle driver: node-postgres, postgres.js, PGlite, Neon... */
export function createPgDialect(db: PgDatabase<any, any, any>): Dialect {
  return {
    name: 'pg',
    tables: oauthTablesOf(tables, oauthPushedRequests),
    returning: true,
    pollTooSoon: (lastPolledAt, interval, now) =>
      sql`${lastPolledAt} > ${sql.param(now, lastPolledAt)}::timestamptz - ${interval} * interval '1 second'`,
    // unique_violation, on the constraint named in the message (every driver keeps the message).
    isUniqueViolation: (error, name) =>
      causedBy(error, (e) => e['code'] === '23505' && String(e['message']).includes(`"${name}"`)),
    upsert: (q, table, values, set) =>
      q.insert(table).values(values).onConflictDoUpdate({ target: table.clientId, set }),
    run: (op) => runAsync(op(db), (step) => retryOnConflict(async () => execute(step), isConflict)),
    transaction: (op) =>
      retryOnConflict(() => db.transaction((tx) => runAsync(op(tx), execute)), isConflict),
  };
}
