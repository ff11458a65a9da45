import { sql } from 'drizzle-orm';
import type { BaseSQLiteDatabase } from 'drizzle-orm/sqlite-core';
import { type ExecuteStep, runAsync, runSync } from '../operation.js';
import { causedBy } from '../retry.js';
import * as tables from '../tables/sqlite.js';
import { oauthPushedRequests } from '../tables/sqlite-pushed-requests.js';
import { type Dialect, oauthTablesOf } from './dialect.js';

const length = (r: unknown[]) => r.length;

// `all()`/`run()` return values on synchronous drivers (better-sqlite3) and promises on
// asynchronous ones (libSQL, D1): the runners handle both.
const execute: ExecuteStep = (step) => {
  const query = step.query as any;
  if (step.read === 'rows') return query.all();
  if (step.read === 'none') return query.run();
  const r = query.returning({ one: sql`1` }).all();
  return r instanceof Promise ? r.then(length) : length(r);
};

/**
 * SQLite. Writers are serialized by the database lock, so no statement needs a retry; the
 * rotation transaction starts IMMEDIATE so that it takes the write lock before reading, and
 * two processes sharing a file cannot both read and then deadlock on the upgrade.
 */
export function createSQLiteDialect(db: BaseSQLiteDatabase<any, any, any, any>): Dialect {
  // drizzle keeps the driver kind private; better-sqlite3 (and Bun's, Expo's) are 'sync'.
  const sync = (db as unknown as { resultKind?: string }).resultKind === 'sync';
  return {
    name: 'sqlite',
    tables: oauthTablesOf(tables, oauthPushedRequests),
    returning: true,
    // Dates are epoch milliseconds.
    pollTooSoon: (lastPolledAt, interval, now) =>
      sql`${lastPolledAt} > ${sql.param(now, lastPolledAt)} - ${interval} * 1000`,
    // SQLite names the columns, not the index: "UNIQUE constraint failed: table.column".
    isUniqueViolation: (error, _index, column) =>
      causedBy(
        error,
        (e) =>
          String(e['code']).startsWith('SQLITE_CONSTRAINT') &&
          String(e['message']).includes(`UNIQUE constraint failed: ${column}`),
      ),
    prepared: (build) => (q, values) => build(q, (name) => values[name]),
    upsert: (q, table, values, set) =>
      q.insert(table).values(values).onConflictDoUpdate({ target: table.clientId, set }),
    run: async (op) => runAsync(op(db), execute),
    // A better-sqlite3 transaction is a synchronous function: the whole operation runs inside
    // it without awaiting, so no other call's statement can slip into the transaction.
    transaction: async (op) =>
      sync
        ? (db as any).transaction((tx: unknown) => runSync(op(tx), execute), {
            behavior: 'immediate',
          })
        : db.transaction((tx) => runAsync(op(tx), execute), { behavior: 'immediate' }),
  };
}
