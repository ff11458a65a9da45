import { InjectedStoreFailure } from '@oauthkit/store-tests';
import postgres from 'postgres';

// What drizzle's postgres.js driver calls on the client: `unsafe` for every statement, `begin`
// and `savepoint` for transactions (each hands the callback a client of its own).
const STATEMENTS = new Set(['unsafe']);
const TRANSACTIONS = new Set(['begin', 'savepoint']);

/**
 * A new postgres.js client whose first `okCalls` round trips (a transaction's start and each of
 * its statements included) run and every later one fails; the client's connections are
 * closed with the first failure, as a real drop takes them. postgres.js has no per-query hook
 * to break, so the failure is injected where drizzle calls it.
 *
 * @example
 * const { sql, close } = createFaultyPostgresJs(url, 3);
 * const db = drizzle({ client: sql });
 */
export function createFaultyPostgresJs(
  url: string,
  okCalls: number,
): { sql: postgres.Sql; close(): Promise<void> } {
  const real = postgres(url, { max: 4, onnotice: () => {} });
  let left = okCalls;
  const fail = () => {
    real.end({ timeout: 0 }).catch(() => {});
    return new InjectedStoreFailure();
  };
  // A rejected query that also answers drizzle's `.values()` and `.raw()`.
  const failedQuery = () => {
    const failed = Promise.reject(fail());
    failed.catch(() => {});
    return Object.assign(failed, { values: () => failed, raw: () => failed });
  };
  const guard = <T extends object>(target: T): T =>
    new Proxy(target, {
      apply(t, self, args) {
        if (left-- <= 0) return failedQuery();
        return Reflect.apply(t as (...a: unknown[]) => unknown, self, args);
      },
      get(t, name, receiver) {
        const value = Reflect.get(t, name, receiver) as unknown;
        if (typeof value !== 'function') return value;
        const method = value as (...args: unknown[]) => unknown;
        if (STATEMENTS.has(String(name))) {
          return (...args: unknown[]) => (left-- <= 0 ? failedQuery() : method.apply(t, args));
        }
        if (TRANSACTIONS.has(String(name))) {
          return (...args: unknown[]) => {
            if (left-- <= 0) return Promise.reject(fail());
            const at = args.findLastIndex((a) => typeof a === 'function');
            const callback = args[at] as (tx: object) => unknown;
            const wrapped = [...args];
            wrapped[at] = (tx: object) => callback(guard(tx));
            return method.apply(t, wrapped);
          };
        }
        return method.bind(t);
      },
    });
  return { sql: guard(real), close: () => real.end({ timeout: 0 }) };
}
