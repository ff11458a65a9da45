// Prints the statement-count table of BENCHMARKS.md: what each store sends per operation,
// counted at the driver against the real databases (POSTGRES_URL, REDIS_URL).
//   pnpm tsx --conditions=source packages/bench/src/round-trips/print-round-trips.ts [--verbose]
import { countRoundTrips, measureRoundTrips, OPERATIONS } from './measure-round-trips.js';
import { COUNTED_STORES, openCountedStores } from './open-counted-stores.js';
import { renderRoundTripTable } from './render-round-trip-table.js';

const verbose = process.argv.includes('--verbose');
const counts = [];
for (const kind of COUNTED_STORES) {
  const opened = await openCountedStores(kind);
  try {
    const trips = await measureRoundTrips(opened.stores, opened.log);
    counts.push({ store: kind, counts: countRoundTrips(trips) });
    const cached = await measureRoundTrips(opened.stores, opened.log, { cacheClients: true });
    counts.push({ store: `${kind} + client cache`, counts: countRoundTrips(cached) });
    if (verbose) {
      for (const op of OPERATIONS) {
        console.log(`${kind} ${op}:`);
        for (const statement of trips[op]) console.log(`  ${statement.replace(/\s+/g, ' ')}`);
      }
    }
  } finally {
    await opened.close();
  }
}
console.log(renderRoundTripTable(counts));
