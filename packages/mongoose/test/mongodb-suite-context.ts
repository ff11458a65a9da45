import { randomBytes } from 'node:crypto';
import type { RawReader, StoreSuiteContext } from '@oauthkit/store-tests';
import { type Connection, createConnection } from 'mongoose';
import { registerOAuthModels } from '../src/models/register-oauth-models.js';
import { AUTHORIZATION_CODES_COLLECTION } from '../src/schemas/authorization-code-schema.js';
import { CLIENTS_COLLECTION } from '../src/schemas/client-schema.js';
import { DEVICE_CODES_COLLECTION } from '../src/schemas/device-code-schema.js';
import { TOKENS_COLLECTION } from '../src/schemas/token-schema.js';
import {
  createMongooseStores,
  type MongooseStoresOptions,
} from '../src/stores/create-mongoose-stores.js';

const COLLECTIONS = [
  CLIENTS_COLLECTION,
  TOKENS_COLLECTION,
  AUTHORIZATION_CODES_COLLECTION,
  DEVICE_CODES_COLLECTION,
];

/** A database of its own for one suite run, dropped by `close()`. */
export interface MongoTestDatabase {
  connection: Connection;
  context: StoreSuiteContext;
  close(): Promise<void>;
}

/**
 * Connects to `url`, in a database no other test file uses, builds the indexes (so unique
 * digests are enforced from the first write) and returns the suite context: the stores
 * under test, and a raw reader that goes through the driver's collections, not the stores.
 */
export async function openMongoTestDatabase(
  url: string,
  label: string,
  options: MongooseStoresOptions = {},
): Promise<MongoTestDatabase> {
  const dbName = `oauthkit_${label}_${randomBytes(5).toString('hex')}`;
  const connection = await createConnection(url, { dbName }).asPromise();
  const models = registerOAuthModels(connection);
  await Promise.all(Object.values(models).map((m) => m.init()));
  const db = connection.db!;
  const raw: RawReader = {
    async dump() {
      const all = await Promise.all(COLLECTIONS.map((c) => db.collection(c).find({}).toArray()));
      return JSON.stringify(Object.fromEntries(COLLECTIONS.map((c, i) => [c, all[i]])));
    },
    async token(accessTokenDigest) {
      const doc = await db.collection(TOKENS_COLLECTION).findOne({ accessTokenDigest });
      if (!doc) return null;
      return {
        familyId: doc['familyId'],
        refreshTokenDigest: doc['refreshTokenDigest'] ?? null,
        revoked: doc['revokedAt'] != null,
        rotated: doc['rotatedAt'] != null,
        scope: doc['scope'],
      };
    },
    async code(codeDigest) {
      const doc = await db.collection(AUTHORIZATION_CODES_COLLECTION).findOne({ codeDigest });
      return doc
        ? { consumed: doc['consumedAt'] != null, replayed: doc['replayedAt'] != null }
        : null;
    },
    async client(clientId) {
      const doc = await db.collection(CLIENTS_COLLECTION).findOne({ clientId });
      return doc
        ? {
            clientSecretDigest: doc['clientSecretDigest'] ?? null,
            metadata: doc['metadata'],
            registrationAccessTokenDigest: doc['registrationAccessTokenDigest'] ?? null,
          }
        : null;
    },
    async deviceCode(deviceCodeDigest) {
      const doc = await db.collection(DEVICE_CODES_COLLECTION).findOne({ deviceCodeDigest });
      if (!doc) return null;
      return {
        status: doc['status'],
        interval: doc['interval'],
        polled: doc['lastPolledAt'] != null,
        redeemed: doc['redeemedAt'] != null,
        userId: doc['userId'] ?? null,
      };
    },
  };
  const context: StoreSuiteContext = {
    stores: createMongooseStores(connection, options),
    raw,
    async faulty(okCalls) {
      const second = await createConnection(url, { dbName }).asPromise();
      const secondModels = registerOAuthModels(second);
      await Promise.all(Object.values(secondModels).map((m) => m.init()));
      injectCollectionFailures(
        Object.values(secondModels).map((m) => m.collection),
        okCalls,
      );
      return { stores: createMongooseStores(second, options), close: () => second.close() };
    },
    async reset() {
      await Promise.all(COLLECTIONS.map((c) => db.collection(c).deleteMany({})));
    },
  };
  return {
    connection,
    context,
    async close() {
      try {
        await connection.dropDatabase();
      } finally {
        await connection.close();
      }
    },
  };
}

/** Driver calls that reach the server: each one is a round trip the injection counts. */
const DRIVER_METHODS = [
  'insertOne',
  'insertMany',
  'findOne',
  'find',
  'updateOne',
  'updateMany',
  'findOneAndUpdate',
  'deleteOne',
  'deleteMany',
  'replaceOne',
  'bulkWrite',
];

/**
 * Fails the driver collections under Mongoose's: once `okCalls` calls have gone through,
 * every later one rejects, as on a dropped connection. Mongoose's collections forward each
 * call to the driver collection they hold (`collection.collection`), looked up by name at
 * call time, so replacing those methods is a failure at the connection's edge.
 */
function injectCollectionFailures(collections: readonly object[], okCalls: number): void {
  let left = okCalls;
  for (const wrapper of collections) {
    const driver = (wrapper as { collection: Record<string, unknown> }).collection;
    for (const name of DRIVER_METHODS) {
      const method = driver[name];
      if (typeof method !== 'function') continue;
      driver[name] = (...args: unknown[]) =>
        left-- > 0
          ? (method as (...a: unknown[]) => unknown).apply(driver, args)
          : Promise.reject(new Error('injected store failure'));
    }
  }
}
