// The statements (Redis commands) each store sends per operation, counted at the driver
// against the real databases: a change that adds a round trip fails here. The table in
// BENCHMARKS.md comes from `src/round-trips/print-round-trips.ts`.
import { getServiceUrl } from '@oauthkit/store-tests';
import { describe, expect, it } from 'vitest';
import {
  countRoundTrips,
  measureRoundTrips,
  type Operation,
} from '../src/round-trips/measure-round-trips.js';
import { type CountedStore, openCountedStores } from '../src/round-trips/open-counted-stores.js';

const EXPECTED: Record<CountedStore, Record<Operation, number>> = {
  'drizzle-pg': {
    client_authentication: 1,
    client_credentials: 2,
    code_exchange: 3,
    refresh: 3,
    refresh_rotation: 3,
    bearer: 1,
    introspection: 2,
    revocation_access: 3,
    revocation_refresh: 4,
  },
  'prisma-pg': {
    client_authentication: 1,
    client_credentials: 2,
    code_exchange: 5,
    refresh: 3,
    refresh_rotation: 6,
    bearer: 1,
    introspection: 2,
    revocation_access: 3,
    revocation_refresh: 4,
  },
  redis: {
    client_authentication: 1,
    client_credentials: 2,
    code_exchange: 3,
    refresh: 3,
    refresh_rotation: 3,
    bearer: 1,
    introspection: 2,
    revocation_access: 3,
    revocation_refresh: 3,
  },
};

/** The counts through `createCachedClientStore`: the client lookup is gone. */
function withClientCache(counts: Record<Operation, number>): Record<Operation, number> {
  const lookup = counts.client_authentication;
  return Object.fromEntries(
    Object.entries(counts).map(([op, n]) => [
      op,
      op === 'bearer' ? n : op === 'client_authentication' ? 0 : n - lookup,
    ]),
  ) as Record<Operation, number>;
}

const postgres = await getServiceUrl('postgres');
const redis = await getServiceUrl('redis');

for (const kind of Object.keys(EXPECTED) as CountedStore[]) {
  const service = kind === 'redis' ? redis : postgres;
  describe.skipIf('skip' in service)(`round trips per operation: ${kind}`, () => {
    it('sends exactly the pinned number of statements per operation', async () => {
      const opened = await openCountedStores(kind);
      try {
        const trips = await measureRoundTrips(opened.stores, opened.log);
        // On a mismatch the message lists what each operation sent.
        expect(countRoundTrips(trips), JSON.stringify(trips, null, 1)).toEqual(EXPECTED[kind]);
        // Through the client cache, an authenticated request reads no client.
        const cached = await measureRoundTrips(opened.stores, opened.log, { cacheClients: true });
        expect(countRoundTrips(cached), JSON.stringify(cached, null, 1)).toEqual(
          withClientCache(EXPECTED[kind]),
        );
      } finally {
        await opened.close();
      }
    }, 60_000);
  });
}
