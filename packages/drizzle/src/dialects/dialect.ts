import type { Column, SQL } from 'drizzle-orm';
import type { Operation } from '../operation.js';
import type * as pg from '../tables/pg.js';
import type { oauthPushedRequests } from '../tables/pg-pushed-requests.js';

/**
 * The tables, typed by their PostgreSQL definitions: every dialect's tables have the
 * same property names, which is all the shared store code relies on.
 */
export interface OAuthTables {
  clients: typeof pg.oauthClients;
  tokens: typeof pg.oauthTokens;
  codes: typeof pg.oauthAuthorizationCodes;
  replayIds: typeof pg.oauthReplayIds;
  deviceCodes: typeof pg.oauthDeviceCodes;
  pushedRequests: typeof oauthPushedRequests;
}

/**
 * The {@link OAuthTables} of one dialect's table module (`tables/pg.ts`, `tables/mysql.ts`,
 * `tables/sqlite.ts`), which all export the same names, and its pushed-request table (kept in a
 * file of its own). Typed as the PostgreSQL tables: the
 * shared store code uses nothing a dialect's columns do not have.
 */
export function oauthTablesOf(
  module: {
    oauthClients: unknown;
    oauthTokens: unknown;
    oauthAuthorizationCodes: unknown;
    oauthReplayIds: unknown;
    oauthDeviceCodes: unknown;
  },
  pushedRequests: unknown,
): OAuthTables {
  return {
    pushedRequests,
    clients: module.oauthClients,
    tokens: module.oauthTokens,
    codes: module.oauthAuthorizationCodes,
    replayIds: module.oauthReplayIds,
    deviceCodes: module.oauthDeviceCodes,
  } as OAuthTables;
}

/**
 * A drizzle database or transaction of any dialect. The store code only calls the builder
 * methods every dialect shares (`select`, `insert`, `update`, `delete`), so it is untyped
 * here rather than a union no call would type-check against.
 */
export type QueryDb = any;

/** What {@link Dialect.claimThenInsert} runs in one statement, but the inserted rows. */
export interface ClaimThenInsert {
  claim: unknown;
  into: OAuthTables['tokens'];
  otherwise?: (claimedNothing: SQL) => unknown;
  decode?: OAuthTables[keyof OAuthTables];
}

/** A row of {@link Dialect.claimThenInsert}'s result. */
export type ClaimedRow<R> = R & { won: boolean };

/** What differs between PostgreSQL, MySQL and SQLite, and nothing else. */
export interface Dialect {
  readonly name: 'pg' | 'mysql' | 'sqlite';
  readonly tables: OAuthTables;
  /** Whether `UPDATE ... RETURNING` exists; without it, affected-row counts stand in. */
  readonly returning: boolean;
  /**
   * `lastPolledAt > now - interval seconds`: the device polls too soon (RFC 8628 3.5). Date
   * arithmetic on a column is spelled differently by each database; `now` is bound as the
   * `lastPolledAt` column would bind it.
   */
  pollTooSoon(lastPolledAt: Column, interval: Column, now: Date): SQL;
  /**
   * Whether `error` is a unique violation of the index (or constraint) named `index`, on
   * `column` (`table.column`: SQLite names the column, not the index).
   */
  isUniqueViolation(error: unknown, index: string, column: string): boolean;
  /**
   * One statement that runs `claim` (a conditional UPDATE ... RETURNING) and inserts `rows`
   * (with the table's property names) into `into` only if it changed a row; with `otherwise`,
   * also that UPDATE ... RETURNING, built with the condition "the claim changed nothing" (so
   * the two never change the same row). Built once with placeholders, like
   * {@link Dialect.prepared}; the result runs it with `values` and `rows` on `db` as a `rows`
   * step, whose rows are the claim's returned rows with `won: true`, then the `otherwise`
   * rows with `won: false`; with `decode`, every row decoded as that table's select would be
   * (property names, the columns' own types). Only where the database has data-modifying
   * CTEs (PostgreSQL); elsewhere the store runs the statements in a transaction.
   */
  claimThenInsert?<V extends Record<string, unknown>>(
    build: (db: QueryDb, value: (name: keyof V & string) => any) => ClaimThenInsert,
  ): (db: QueryDb, values: V, rows: object[]) => unknown;
  /**
   * A statement of the hot path built once, with placeholders, where that saves work on
   * every call (PostgreSQL: drizzle builds the SQL text and parameter list once). The result
   * runs it with `values` on `db` as a `rows` or `none` step; on a transaction, or where the
   * dialect prepares nothing, it is built again with the values in place.
   */
  prepared<V extends Record<string, unknown>>(
    build: (db: QueryDb, value: (name: keyof V & string) => any) => any,
  ): (db: QueryDb, values: V) => unknown;
  /**
   * The insert of one row into `table` by `insert` (a {@link Dialect.prepared} insert of
   * every column), with the inserts of the same event-loop turn on the database itself joined
   * into one statement (one round trip, one commit; see `createInsertCoalescer`). `key` is the
   * table's primary key. Only where the dialect has such a statement (PostgreSQL over
   * node-postgres, with `coalesceStatements`); elsewhere the store calls `insert` itself.
   */
  coalescedInsert?(
    table: OAuthTables['tokens'],
    key: Column,
    insert: (db: QueryDb, row: Record<string, unknown>) => unknown,
  ): (db: QueryDb, row: Record<string, unknown>) => unknown;
  /**
   * The lookup of one row of `table` by `column` (`lookup`, a {@link Dialect.prepared}
   * select by `digest` with `limit 1`), with the lookups of the same event-loop turn on the
   * database itself joined into one statement (`column = any(...)`; see
   * `createLookupCoalescer`). Only where the dialect has such a statement (PostgreSQL over
   * node-postgres, with `coalesceStatements`); elsewhere the store calls `lookup` itself.
   */
  coalescedLookup?(
    table: OAuthTables[keyof OAuthTables],
    column: Column,
    lookup: (db: QueryDb, values: { digest: string }) => unknown,
  ): (db: QueryDb, values: { digest: string }) => unknown;
  /**
   * A code redemption of `redeem` (a {@link Dialect.claimThenInsert} that consumes the code by
   * `digest` at `now` and inserts one token row only if it did), with the redemptions of the
   * same event-loop turn on the database itself joined into one statement: it consumes every
   * code it can and inserts the token of each code it consumed, all or nothing, and answers a
   * winner's row like `redeem` does. A redemption it did not win (a code consumed already, or
   * unknown), and every one of a joint statement that failed, runs `redeem` alone, which marks
   * the replay (see `createCallCoalescer`). Only where the dialect has such a statement
   * (PostgreSQL over node-postgres, with `coalesceStatements`).
   */
  coalescedRedeem?(
    redeem: (db: QueryDb, values: { digest: string; now: Date }, rows: object[]) => unknown,
  ): (db: QueryDb, values: { digest: string; now: Date }, rows: object[]) => unknown;
  /** An insert that replaces the row with the same primary key. */
  upsert(db: QueryDb, table: OAuthTables['clients'], values: object, set: object): unknown;
  /**
   * Runs an operation statement by statement, each its own implicit transaction (retried
   * alone if the database aborts it to break a deadlock).
   */
  run<T>(op: (db: QueryDb) => Operation<T>): Promise<T>;
  /** Runs an operation as one transaction, retried as a whole after a deadlock. */
  transaction<T>(op: (tx: QueryDb) => Operation<T>): Promise<T>;
}
