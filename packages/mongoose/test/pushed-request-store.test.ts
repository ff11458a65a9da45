import { randomBytes } from 'node:crypto';
import { getServiceUrl, runPushedRequestStoreSuite } from '@oauthkit/store-tests';
import { type Connection, createConnection } from 'mongoose';
import { afterAll } from 'vitest';
import { createMongoosePushedRequestStore } from '../src/index.js';
import { registerPushedRequestModel } from '../src/stores/mongoose-pushed-request-store.js';

// MONGODB_URL, else a Docker container; with neither, every test is registered as skipped
// with the reason in its title and a warning is printed.
const service = await getServiceUrl('mongodb');
const skip = 'skip' in service ? service.skip : undefined;
const url = 'url' in service ? service.url : '';
const dbName = `oauthkit_par_${randomBytes(5).toString('hex')}`;
const connections: Connection[] = [];

/** A connection of its own (the race runs over several), with the TTL index built. */
async function connect(): Promise<Connection> {
  const connection = await createConnection(url, { dbName }).asPromise();
  connections.push(connection);
  await registerPushedRequestModel(connection).init();
  return connection;
}

afterAll(async () => {
  await connections[0]?.dropDatabase();
  for (const c of connections) await c.close();
});

runPushedRequestStoreSuite({
  name: 'mongoose/mongodb',
  skip,
  create: async () => createMongoosePushedRequestStore(await connect()),
});
