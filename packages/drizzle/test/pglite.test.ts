import { PGlite } from '@electric-sql/pglite';
import { InjectedStoreFailure, runStoreConformanceSuite } from '@oauthkit/store-tests';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import { migrationsFolder } from '../src/index.js';
import { createDrizzleSuiteContext } from './drizzle-suite-context.js';

let client: PGlite | undefined;

runStoreConformanceSuite({
  name: 'drizzle/PGlite (in memory)',
  async setup() {
    client = new PGlite();
    const db = drizzle({ client });
    await migrate(db, { migrationsFolder: migrationsFolder('pg') });
    const c = client;
    return createDrizzleSuiteContext(
      db,
      async (text, params) => (await c.query<Record<string, unknown>>(text, params)).rows,
      '$1',
      async (okCalls) => ({
        db: drizzle({ client: faultyView(c, okCalls) }),
        close: async () => {},
      }),
    );
  },
  async teardown() {
    await client?.close();
  },
});

const ROUND_TRIPS = new Set(['query', 'exec', 'sql', 'transaction']);

/**
 * The same in-memory database through a view whose first `okCalls` round trips (a
 * transaction's start and each of its statements included) run and every later one rejects:
 * PGlite has no connection to drop, so the failure is injected at its API.
 */
function faultyView(client: PGlite, okCalls: number): PGlite {
  const budget = { left: okCalls };
  const guard = <T extends object>(target: T): T =>
    new Proxy(target, {
      get(t, name, receiver) {
        const value = Reflect.get(t, name, receiver) as unknown;
        if (typeof value !== 'function') return value;
        const method = value as (...args: unknown[]) => unknown;
        if (!ROUND_TRIPS.has(String(name))) return method.bind(t);
        return async (...args: unknown[]) => {
          if (budget.left-- <= 0) throw new InjectedStoreFailure();
          if (name !== 'transaction') return method.apply(t, args);
          const callback = args[0] as (tx: object) => Promise<unknown>;
          return method.call(t, (tx: object) => callback(guard(tx)), ...args.slice(1));
        };
      },
    });
  return guard(client);
}
