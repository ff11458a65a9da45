import { getServiceUrl, runStoreConformanceSuite } from '@oauthkit/store-tests';
import { type MongoTestDatabase, openMongoTestDatabase } from './mongodb-suite-context.js';

// MONGODB_URL, else a Docker container (a one-node replica set); with neither, every test
// below is registered as skipped with the reason in its title and a warning is printed.
const service = await getServiceUrl('mongodb');
const skip = 'skip' in service ? service.skip : undefined;
const url = 'url' in service ? service.url : '';

// Run twice: once as deployed (a transaction for rotations on a replica set), once forcing
// the conditional-update-and-compensate path a standalone server gets.
for (const [name, transactions] of [
  ['mongoose/mongodb', undefined],
  ['mongoose/mongodb without transactions', false],
] as const) {
  let db: MongoTestDatabase | undefined;
  runStoreConformanceSuite({
    name,
    skip,
    datePrecision: 'millisecond',
    async setup() {
      db = await openMongoTestDatabase(
        url,
        transactions === false ? 'mongoose_notx' : 'mongoose',
        transactions === undefined ? {} : { transactions },
      );
      return db.context;
    },
    teardown: async () => db?.close(),
  });
}
