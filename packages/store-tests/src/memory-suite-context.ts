import { createMemoryStores } from '@oauthkit/core/testing';
import { failAfter } from './fail-after.js';
import type { RawToken, StoreSuiteContext } from './suite-options.js';

/**
 * The suite context of the in-process memory stores. They have no database, so the raw
 * reader is built on their `dump()`, which copies the held records without going through
 * the store methods under test. `reset()` swaps in fresh stores; `faulty()` fails calls
 * after a budget, as there is no connection to break.
 *
 * @example
 * runStoreConformanceSuite({
 *   name: 'memory',
 *   setup: async () => createMemorySuiteContext(),
 *   teardown: async () => {},
 * });
 */
export function createMemorySuiteContext(): StoreSuiteContext {
  let memory = createMemoryStores();
  const context: StoreSuiteContext = {
    stores: memory,
    raw: {
      dump: async () => JSON.stringify(memory.dump()),
      async token(digest) {
        const r = memory.dump().tokens.find((t) => t.accessTokenDigest === digest);
        if (!r) return null;
        const raw: RawToken = {
          familyId: r.familyId,
          refreshTokenDigest: r.refreshTokenDigest,
          revoked: r.revokedAt !== null,
          rotated: r.rotatedAt !== null,
          scope: r.scope,
        };
        return raw;
      },
      async code(digest) {
        const r = memory.dump().codes.find((c) => c.codeDigest === digest);
        return r ? { consumed: r.consumedAt !== null, replayed: r.replayedAt !== null } : null;
      },
      async deviceCode(digest) {
        const r = memory.dump().deviceCodes.find((c) => c.deviceCodeDigest === digest);
        return r
          ? {
              status: r.status,
              interval: r.interval,
              polled: r.lastPolledAt !== null,
              redeemed: r.redeemedAt !== null,
              userId: r.userId,
            }
          : null;
      },
      async client(clientId) {
        const r = memory.dump().clients.find((c) => c.clientId === clientId);
        return r
          ? {
              clientSecretDigest: r.clientSecretDigest,
              metadata: r.metadata,
              registrationAccessTokenDigest: r.registrationAccessTokenDigest ?? null,
            }
          : null;
      },
    },
    // No connection to break: the calls themselves fail once `okCalls` have gone through.
    faulty: async (okCalls) => ({ stores: failAfter(memory, okCalls), close: async () => {} }),
    async reset() {
      memory = createMemoryStores();
      context.stores = memory;
    },
  };
  return context;
}
