import type { Stores } from '@oauthkit/core';

/** The error an injected failure rejects with. */
export class InjectedStoreFailure extends Error {
  constructor() {
    super('injected store failure');
    this.name = 'InjectedStoreFailure';
  }
}

/**
 * Stores whose first `okCalls` method calls go through to `stores` and every later call
 * rejects with {@link InjectedStoreFailure}: the failure injection of stores that have no
 * connection (the memory stores), and the "connection" of deliberately broken stores built
 * from several calls in tests of the suite itself.
 *
 * @example
 * const faulty = failAfter(createMemoryStores(), 2);
 */
export function failAfter<S extends Stores>(stores: S, okCalls: number): S {
  let left = okCalls;
  const wrap = <T extends object>(store: T): T =>
    Object.fromEntries(
      Object.entries(store).map(([name, method]) => [
        name,
        typeof method === 'function'
          ? (...args: unknown[]) =>
              left-- > 0
                ? (method as (...a: unknown[]) => Promise<unknown>).apply(store, args)
                : Promise.reject(new InjectedStoreFailure())
          : method,
      ]),
    ) as T;
  return {
    ...stores,
    clients: wrap(stores.clients),
    tokens: wrap(stores.tokens),
    codes: wrap(stores.codes),
    ...(stores.deviceCodes ? { deviceCodes: wrap(stores.deviceCodes) } : {}),
  };
}
