import { createFaultBudget, injectedFailure } from './fault-budget.js';

/** The part of a better-sqlite3 `Database` the injection replaces. */
interface PreparingDatabase {
  prepare(sql: string): object;
}

const RUNNERS = ['run', 'get', 'all', 'iterate', 'raw', 'values'];

/**
 * Makes a better-sqlite3 database fail on purpose: once `okCalls` statements have run, every
 * later statement throws, as a database file that became unreadable does (the driver is
 * synchronous, so a failure is a throw, inside the transaction that runs it). Use it on a
 * second connection to the suite's file.
 *
 * @example
 * const db = injectSqliteFailures(new Database(file), 2);
 */
export function injectSqliteFailures<D extends object>(database: D, okCalls: number): D {
  const budget = createFaultBudget(okCalls);
  const db = database as unknown as PreparingDatabase;
  const prepare = db.prepare.bind(db);
  db.prepare = (sql: string) => {
    const statement = prepare(sql) as Record<string, unknown>;
    for (const name of RUNNERS) {
      const method = statement[name];
      if (typeof method !== 'function') continue;
      statement[name] = (...args: unknown[]) => {
        // `raw()` only switches the mode; it returns the statement, not rows.
        if (name !== 'raw' && !budget.spend()) throw injectedFailure();
        const result = (method as (...a: unknown[]) => unknown).apply(statement, args);
        return result;
      };
    }
    return statement;
  };
  return database;
}
