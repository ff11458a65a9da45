import { getTableColumns, sql, type Table } from 'drizzle-orm';
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
  // A prepared statement (or raw SQL) comes as a function that runs it: called on each
  // attempt, so a retry after a deadlock sends it again.
  if (typeof query === 'function') return query();
  if (step.read !== 'count') return query;
  // RETURNING gives the same answer on every driver (node-postgres, postgres.js, PGlite),
  // whose affected-row counts all come back under different names.
  return query.returning({ one: sql`1` }).then((r: unknown[]) => r.length);
};

/**
 * Decodes a row a raw statement returned (column names, values as the driver gives them to
 * drizzle) into what drizzle's own select of `table` gives: property names, each column's own
 * type; `won` kept.
 */
function rowDecoder(table: Table): (raw: Record<string, unknown>) => Record<string, unknown> {
  const columns = Object.entries(getTableColumns(table));
  return (raw) => {
    const row: Record<string, unknown> = { won: raw['won'] };
    for (const [key, column] of columns) {
      const value = raw[column.name];
      row[key] = value === null || value === undefined ? null : column.mapFromDriverValue(value);
    }
    return row;
  };
}

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
    claimThenInsert: (q, { claim, into, rows, otherwise, decode }) => {
      const columns = Object.entries(getTableColumns(into));
      const names = sql.join(
        columns.map(([, column]) => sql.identifier(column.name)),
        sql`, `,
      );
      // The rows travel as one JSON parameter, typed by the table's own row type: no cast
      // per value, and the same statement text whatever the number of rows.
      const json = JSON.stringify(
        rows.map((row) =>
          Object.fromEntries(
            columns.map(([key, column]) => {
              const value = (row as Record<string, unknown>)[key] ?? null;
              return [column.name, value instanceof Date ? value.toISOString() : value];
            }),
          ),
        ),
      );
      // Every data-modifying CTE runs to completion whether or not the query reads it; the
      // claim runs first, the insert and `otherwise` read what it returned.
      const insert = sql`inserted as (insert into ${into} (${names}) select ${names} from json_populate_recordset(null::${into}, ${json}::json) where exists (select 1 from claimed))`;
      const statement = otherwise
        ? sql`with claimed as ${claim}, ${insert}, other as ${otherwise(sql`not exists (select 1 from claimed)`)} select true as won, * from claimed union all select false, * from other`
        : sql`with claimed as ${claim}, ${insert} select true as won, * from claimed`;
      const toRow = decode && rowDecoder(decode);
      // Drivers return rows as an array (postgres.js) or under `rows`.
      return () =>
        q.execute(statement).then((r: unknown) => {
          const all = Array.isArray(r) ? r : (r as { rows: Record<string, unknown>[] }).rows;
          return toRow ? all.map(toRow) : all;
        });
    },
    prepared: (build) => {
      let statement: { execute(values: object): Promise<unknown> } | undefined;
      return (q, values) => {
        // Only on the database itself: a statement prepared there would run outside a
        // transaction it was called in.
        if (q !== db) return build(q, (name) => values[name]);
        // Unnamed (drizzle's own default): the text is parsed by the server on each call,
        // which also works behind a transaction-mode connection pooler.
        // The placeholder inside an SQL chunk is sent as it is given (a bare one gets the
        // column's encoder, which fails on null): dates go as ISO text, as drizzle sends
        // them, since postgres.js takes no Date for a parameter of unknown type.
        statement ??= build(db, (name) => sql`${sql.placeholder(name)}`).prepare(undefined);
        const prepared = statement!;
        const params: Record<string, unknown> = {};
        for (const key in values) {
          const value = values[key];
          params[key] = value instanceof Date ? value.toISOString() : value;
        }
        return () => prepared.execute(params);
      };
    },
    upsert: (q, table, values, set) =>
      q.insert(table).values(values).onConflictDoUpdate({ target: table.clientId, set }),
    run: (op) => runAsync(op(db), (step) => retryOnConflict(async () => execute(step), isConflict)),
    transaction: (op) =>
      retryOnConflict(() => db.transaction((tx) => runAsync(op(tx), execute)), isConflict),
  };
}
