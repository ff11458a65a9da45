import { createHash } from 'node:crypto';
import {
  createCallCoalescer,
  createInsertCoalescer,
  createLookupCoalescer,
} from '@oauthkit/core/stores';
import { type Column, getTableColumns, type SQL, sql, type Table } from 'drizzle-orm';
import { type PgDatabase, PgDialect } from 'drizzle-orm/pg-core';
import { type ExecuteStep, runAsync } from '../operation.js';
import { causedBy, retryOnConflict } from '../retry.js';
import * as tables from '../tables/pg.js';
import { oauthPushedRequests } from '../tables/pg-pushed-requests.js';
import { type ClaimThenInsert, type Dialect, oauthTablesOf, type QueryDb } from './dialect.js';
import { nodePostgresDirect } from './node-postgres-direct.js';

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

// A placeholder inside an SQL chunk is sent as it is given (a bare one gets the column's
// encoder, which fails on null): dates go as ISO text (`toParams`), as drizzle sends them,
// since postgres.js takes no Date for a parameter of unknown type.
const placeholder = (name: string) => sql`${sql.placeholder(name)}`;

function toParams(values: Record<string, unknown>): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  for (const key in values) {
    const value = values[key];
    params[key] = value instanceof Date ? value.toISOString() : value;
  }
  return params;
}

// The rows travel as one JSON parameter, typed by the table's own row type: no cast per value,
// and the same statement text whatever the number of rows.
function rowsJson(table: Table, rows: object[]): string {
  const columns = Object.entries(getTableColumns(table));
  return JSON.stringify(
    rows.map((row) => {
      const json: Record<string, unknown> = {};
      for (const [key, column] of columns) {
        const value = (row as Record<string, unknown>)[key] ?? null;
        json[column.name] = value instanceof Date ? value.toISOString() : value;
      }
      return json;
    }),
  );
}

// `insert into table (...) select ... from` the rows given as one JSON parameter, typed by the
// table's own row type: no cast per value, and one statement text whatever the number of rows.
function insertFromJson(table: Table, rows: SQL): SQL {
  const names = sql.join(
    Object.values(getTableColumns(table)).map((column) => sql.identifier(column.name)),
    sql`, `,
  );
  return sql`insert into ${table} (${names}) select ${names} from json_populate_recordset(null::${table}, ${rows}::json)`;
}

// Every data-modifying CTE runs to completion whether or not the query reads it; the claim runs
// first, the insert and `otherwise` read what it returned.
function claimThenInsertSql({ claim, into, otherwise }: ClaimThenInsert, rows: SQL): SQL {
  const insert = sql`inserted as (${insertFromJson(into, rows)} where exists (select 1 from claimed))`;
  return otherwise
    ? sql`with claimed as ${claim}, ${insert}, other as ${otherwise(sql`not exists (select 1 from claimed)`)} select true as won, * from claimed union all select false, * from other`
    : sql`with claimed as ${claim}, ${insert} select true as won, * from claimed`;
}

/** The rows of a raw statement's result (drivers return an array, or one under `rows`). */
function rowsDecoder({ decode }: ClaimThenInsert): (result: unknown) => unknown[] {
  const toRow = decode && rowDecoder(decode);
  return (result) => {
    const all = Array.isArray(result)
      ? result
      : (result as { rows: Record<string, unknown>[] }).rows;
    return toRow ? all.map(toRow) : all;
  };
}

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

/** Options of {@link createPgDialect}. */
export interface PgDialectOptions {
  /** Whether the prepared hot-path statements are named (see `DrizzleStoresOptions`). */
  namedStatements?: boolean;
  /**
   * Whether the token inserts, and the token and code lookups, of one turn share a statement
   * each (see `DrizzleStoresOptions`).
   */
  coalesceStatements?: boolean;
}

/** Rows one joint insert carries, or keys one joint lookup reads, at most. */
const MAX_COALESCED_ROWS = 100;

/** The property name under which drizzle's select of `table` gives `column`. */
function propertyOf(table: Table, column: Column): string {
  return Object.entries(getTableColumns(table)).find(([, c]) => c === column)![0];
}

// A row that conflicts with one already there, or with another of the same statement, is
// skipped and not returned.
function insertManySql(table: Table, key: Column): SQL {
  return sql`${insertFromJson(table, placeholder('rows'))} on conflict do nothing returning ${sql.identifier(key.name)}`;
}

// The redemptions of one statement: each code in `digests` (never twice) is consumed at its
// own `nows` entry if it is not consumed yet, and the token row of the same position in `rows`
// is inserted only for a code consumed here. One statement: all of it commits, or none.
function redeemManySql(
  codes: Table & { codeDigest: Column; consumedAt: Column },
  tokens: Table,
): SQL {
  const consumedAt = sql.identifier(codes.consumedAt.name);
  return sql`with input as (select * from unnest(${placeholder('digests')}::text[], ${placeholder('nows')}::timestamptz[]) with ordinality as x(digest, now, i)), claimed as (update ${codes} set ${consumedAt} = input.now from input where ${codes.codeDigest} = input.digest and ${codes.consumedAt} is null returning ${codes}.*, input.i), inserted as (${insertFromJson(tokens, placeholder('rows'))} with ordinality as r where r.ordinality in (select i from claimed)) select true as won, * from claimed`;
}

/** PostgreSQL through any drizzle driver: node-postgres, postgres.js, PGlite, Neon... */
export function createPgDialect(
  db: PgDatabase<any, any, any>,
  { namedStatements = true, coalesceStatements = true }: PgDialectOptions = {},
): Dialect {
  // Named from the statement text, so every store on the pool shares one server-side
  // statement per text, and no two texts share a name: the server parses and plans it once
  // per connection. Unnamed, it parses and plans it on every call.
  const nameOf = (text: string) =>
    namedStatements
      ? `oauthkit_${createHash('sha256').update(text).digest('hex').slice(0, 24)}`
      : undefined;
  // On node-postgres, the prepared statements go straight to the pg Pool or Client.
  const direct = nodePostgresDirect(db);
  const oauthTables = oauthTablesOf(tables, oauthPushedRequests);
  return {
    name: 'pg',
    tables: oauthTables,
    returning: true,
    pollTooSoon: (lastPolledAt, interval, now) =>
      sql`${lastPolledAt} > ${sql.param(now, lastPolledAt)}::timestamptz - ${interval} * interval '1 second'`,
    // unique_violation, on the constraint named in the message (every driver keeps the message).
    isUniqueViolation: (error, name) =>
      causedBy(error, (e) => e['code'] === '23505' && String(e['message']).includes(`"${name}"`)),
    claimThenInsert: (build) => {
      let prepared:
        | { run(values: Record<string, unknown>): Promise<unknown[]>; into: Table }
        | undefined;
      return (q, values, rows) => {
        // As `prepared` below: built with the values in place where it is not the database.
        if (q !== db) {
          const spec = build(q, (name) => values[name]);
          const statement = claimThenInsertSql(spec, sql`${rowsJson(spec.into, rows)}`);
          const decode = rowsDecoder(spec);
          return () => q.execute(statement).then(decode);
        }
        if (!prepared) {
          const spec = build(db, placeholder);
          const query = new PgDialect().sqlToQuery(claimThenInsertSql(spec, placeholder('rows')));
          const name = nameOf(query.sql);
          const decode = rowsDecoder(spec);
          const run = direct?.raw(query, name);
          if (run) prepared = { run: (v) => run(v).then(decode), into: spec.into };
          else {
            const statement = db._.session.prepareQuery(query, undefined, name, false);
            prepared = { run: (v) => statement.execute(v).then(decode), into: spec.into };
          }
        }
        const { run, into } = prepared;
        const params = toParams(values);
        params['rows'] = rowsJson(into, rows);
        return () => run(params);
      };
    },
    prepared: (build) => {
      let run: ((values: Record<string, unknown>) => Promise<unknown>) | undefined;
      return (q, values) => {
        // Only on the database itself: a statement prepared there would run outside a
        // transaction it was called in.
        if (q !== db) return build(q, (name) => values[name]);
        if (!run) {
          const built = build(db, placeholder);
          const statement = built.prepare(nameOf(built.toSQL().sql));
          run =
            direct?.prepared(statement) ??
            ((v: Record<string, unknown>) => statement.execute(toParams(v)));
        }
        const prepared = run!;
        return () => prepared(values);
      };
    },
    coalescedInsert:
      direct && coalesceStatements
        ? (table, key, insert) => {
            const query = new PgDialect().sqlToQuery(insertManySql(table, key));
            const run = direct.raw(query, nameOf(query.sql));
            if (!run) return insert;
            const keyProperty = propertyOf(table, key);
            const coalesce = createInsertCoalescer<Record<string, unknown>>({
              one: (row) => (insert(db, row) as () => Promise<unknown>)(),
              many: (rows) =>
                run({ rows: rowsJson(table, rows) }).then((result) =>
                  (result as { rows: Record<string, unknown>[] }).rows.map((r) => r[key.name]),
                ),
              keyOf: (row) => row[keyProperty],
              maxRows: MAX_COALESCED_ROWS,
            });
            // Only on the database itself: in a transaction, the row is the transaction's.
            return (q, row) => (q === db ? () => coalesce(row) : insert(q, row));
          }
        : undefined,
    coalescedLookup:
      direct && coalesceStatements
        ? (table, column, lookup) => {
            // Built as `prepared` builds its statements (any table, the name optional).
            const q: QueryDb = db;
            const built = q
              .select()
              .from(table)
              .where(sql`${column} = any(${placeholder('keys')}::text[])`);
            const run = direct.prepared(built.prepare(nameOf(built.toSQL().sql)));
            if (!run) return lookup;
            const keyProperty = propertyOf(table, column);
            type Row = Record<string, unknown>;
            const coalesce = createLookupCoalescer<string, Row>({
              one: (digest) =>
                (lookup(db, { digest }) as () => Promise<Row[]>)().then((rows) => rows[0]),
              many: (keys) => run({ keys }) as Promise<Row[]>,
              keyOf: (row) => row[keyProperty] as string,
              maxKeys: MAX_COALESCED_ROWS,
            });
            // Only on the database itself: in a transaction, the read is the transaction's.
            return (q, values) =>
              q === db
                ? () => coalesce(values.digest).then((row) => (row ? [row] : []))
                : lookup(q, values);
          }
        : undefined,
    coalescedRedeem:
      direct && coalesceStatements
        ? (redeem) => {
            const { codes, tokens } = oauthTables;
            const query = new PgDialect().sqlToQuery(redeemManySql(codes, tokens));
            const run = direct.raw(query, nameOf(query.sql));
            if (!run) return redeem;
            const decode = rowDecoder(codes);
            interface Redemption {
              digest: string;
              now: Date;
              row: object;
            }
            const coalesce = createCallCoalescer<Redemption, unknown[]>({
              one: ({ digest, now, row }) =>
                (redeem(db, { digest, now }, [row]) as () => Promise<unknown[]>)(),
              many: (batch) =>
                run({
                  digests: batch.map((r) => r.digest),
                  nows: batch.map((r) => r.now.toISOString()),
                  rows: rowsJson(
                    tokens,
                    batch.map((r) => r.row),
                  ),
                }).then((result) => {
                  const won = new Map<unknown, unknown[]>();
                  for (const raw of (result as { rows: Record<string, unknown>[] }).rows) {
                    const row = decode(raw);
                    won.set(row['codeDigest'], [row]);
                  }
                  return won;
                }),
              keyOf: (r) => r.digest,
              maxCalls: MAX_COALESCED_ROWS,
            });
            // Only on the database itself, and one token per code: anything else goes alone.
            return (q, values, rows) =>
              q === db && rows.length === 1
                ? () => coalesce({ digest: values.digest, now: values.now, row: rows[0]! })
                : redeem(q, values, rows);
          }
        : undefined,
    upsert: (q, table, values, set) =>
      q.insert(table).values(values).onConflictDoUpdate({ target: table.clientId, set }),
    run: (op) => runAsync(op(db), (step) => retryOnConflict(async () => execute(step), isConflict)),
    transaction: (op) =>
      retryOnConflict(() => db.transaction((tx) => runAsync(op(tx), execute)), isConflict),
  };
}
