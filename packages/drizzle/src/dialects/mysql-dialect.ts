import { sql } from 'drizzle-orm';
import type { MySqlDatabase } from 'drizzle-orm/mysql-core';
import { type ExecuteStep, runAsync } from '../operation.js';
import { causedBy, retryOnConflict } from '../retry.js';
import * as tables from '../tables/mysql.js';
import { oauthPushedRequests } from '../tables/mysql-pushed-requests.js';
import { type Dialect, oauthTablesOf } from './dialect.js';

// ER_LOCK_DEADLOCK. Under REPEATABLE READ, a family-wide UPDATE holds gap locks on the
// family_id index that a concurrent rotation's INSERT must wait for, while the rotation
// holds the row the UPDATE waits for: InnoDB aborts one of the two, and both are safe to
// run again.
const isConflict = (error: unknown) =>
  causedBy(error, (e) => e['errno'] === 1213 || e['code'] === 'ER_LOCK_DEADLOCK');

function affectedRows(result: unknown): number {
  // mysql2 resolves [ResultSetHeader, fields]; PlanetScale's driver { rowsAffected }.
  const header = (Array.isArray(result) ? result[0] : result) as Record<string, unknown>;
  const n = header?.['affectedRows'] ?? header?.['rowsAffected'];
  if (typeof n !== 'number') throw new TypeError('the MySQL driver reported no affected-row count');
  return n;
}

const execute: ExecuteStep = (step) => {
  const query = step.query as any;
  return step.read === 'count' ? query.then(affectedRows) : query;
};

/** MySQL and MariaDB through drizzle's mysql2 (or PlanetScale) driver. */
export function createMySqlDialect(db: MySqlDatabase<any, any, any, any>): Dialect {
  return {
    name: 'mysql',
    // Same property names as the PostgreSQL tables; only the column types differ.
    tables: oauthTablesOf(tables, oauthPushedRequests),
    returning: false,
    pollTooSoon: (lastPolledAt, interval, now) =>
      sql`${lastPolledAt} > DATE_SUB(CAST(${sql.param(now, lastPolledAt)} AS DATETIME(3)), INTERVAL ${interval} SECOND)`,
    // ER_DUP_ENTRY: "Duplicate entry '...' for key '[table.]name'".
    isUniqueViolation: (error, name) =>
      causedBy(
        error,
        (e) =>
          (e['errno'] === 1062 || e['code'] === 'ER_DUP_ENTRY') &&
          String(e['message']).includes(`${name}'`),
      ),
    prepared: (build) => (q, values) => build(q, (name) => values[name]),
    upsert: (q, table, values, set) => q.insert(table).values(values).onDuplicateKeyUpdate({ set }),
    run: (op) => runAsync(op(db), (step) => retryOnConflict(async () => execute(step), isConflict)),
    transaction: (op) =>
      retryOnConflict(() => db.transaction((tx) => runAsync(op(tx), execute)), isConflict),
  };
}
