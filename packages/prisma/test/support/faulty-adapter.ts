import { InjectedStoreFailure } from '@oauthkit/store-tests';

// Calls that reach the database: each one is a round trip the injection counts. `rollback` is
// not counted: on a dropped connection the server rolls back by itself.
const ROUND_TRIPS = new Set([
  'queryRaw',
  'executeRaw',
  'executeScript',
  'startTransaction',
  'commit',
  'createSavepoint',
  'releaseSavepoint',
]);

type Budget = { left: number };

function guard<T extends object>(target: T, budget: Budget): T {
  return new Proxy(target, {
    get(t, name, receiver) {
      const value = Reflect.get(t, name, receiver) as unknown;
      if (typeof value !== 'function') return value;
      const method = value as (...args: unknown[]) => unknown;
      if (!ROUND_TRIPS.has(String(name))) return method.bind(t);
      return async (...args: unknown[]) => {
        if (budget.left-- <= 0) throw new InjectedStoreFailure();
        const result = await method.apply(t, args);
        // A transaction is a connection of its own: its statements count against the budget.
        return name === 'startTransaction' ? guard(result as object, budget) : result;
      };
    },
  });
}

/**
 * A Prisma driver adapter factory (any provider) whose connection fails on purpose: the
 * first `okCalls` round trips (statements, `BEGIN`, `COMMIT`) go to the database, every later
 * one rejects, as on a dropped connection.
 *
 * @example
 * const prisma = new PrismaClient({ adapter: faultyAdapterFactory(new PrismaPg(pool), 2) });
 */
export function faultyAdapterFactory<F extends { connect(): Promise<object> }>(
  factory: F,
  okCalls: number,
): F {
  const budget: Budget = { left: okCalls };
  return new Proxy(factory, {
    get(t, name, receiver) {
      const value = Reflect.get(t, name, receiver) as unknown;
      if (name !== 'connect' || typeof value !== 'function') {
        return typeof value === 'function' ? value.bind(t) : value;
      }
      return async () => guard(await (value as () => Promise<object>).call(t), budget);
    },
  });
}
