import { getServiceUrl } from '@oauthkit/store-tests';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMongooseStores } from '../src/stores/create-mongoose-stores.js';
import { at, codeRecord, tokenRecord } from './fixtures.js';
import { type MongoTestDatabase, openMongoTestDatabase } from './mongodb-suite-context.js';

// What the conformance suite cannot see through the stores: the indexes MongoDB actually
// built from the schemas, and the TTL dates written beside each record.
const service = await getServiceUrl('mongodb');
const skip = 'skip' in service ? service.skip : undefined;
if (skip) console.warn(`[mongoose] MongoDB index tests skipped: ${skip}`);

describe.skipIf(skip !== undefined)(
  `MongoDB indexes and TTL dates${skip ? ` (skipped: ${skip})` : ''}`,
  () => {
    let db: MongoTestDatabase;
    beforeAll(async () => {
      db = await openMongoTestDatabase((service as { url: string }).url, 'mongoose_indexes');
    });
    afterAll(() => db?.close());

    async function indexes(collection: string) {
      const list = await db.connection.db!.collection(collection).listIndexes().toArray();
      return Object.fromEntries(
        list.map(({ key, name, v, ns, ...options }) => [JSON.stringify(key), options]),
      );
    }

    it('builds unique digest indexes, the family index and the TTL indexes', async () => {
      expect(await indexes('oauth_tokens')).toEqual({
        '{"_id":1}': {},
        '{"accessTokenDigest":1}': { unique: true },
        '{"refreshTokenDigest":1}': {
          unique: true,
          partialFilterExpression: { refreshTokenDigest: { $type: 'string' } },
        },
        '{"familyId":1}': {},
        '{"expireAt":1}': { expireAfterSeconds: 0 },
      });
      expect(await indexes('oauth_authorization_codes')).toEqual({
        '{"_id":1}': {},
        '{"codeDigest":1}': { unique: true },
        '{"expiresAt":1}': { expireAfterSeconds: 0 },
      });
      expect(await indexes('oauth_clients')).toEqual({
        '{"_id":1}': {},
        '{"clientId":1}': { unique: true },
      });
    });

    it('writes each token with the date the TTL monitor may delete it', async () => {
      const withRefresh = tokenRecord({ refreshTokenExpiresAt: at(7200) });
      const accessOnly = tokenRecord({ refreshTokenDigest: null, refreshTokenExpiresAt: null });
      const forever = tokenRecord({ refreshTokenExpiresAt: null });
      for (const r of [withRefresh, accessOnly, forever])
        await db.context.stores.tokens.saveToken(r);
      const expireAt = async (accessTokenDigest: string) =>
        (await db.connection.db!.collection('oauth_tokens').findOne({ accessTokenDigest }))?.[
          'expireAt'
        ];
      expect(await expireAt(withRefresh.accessTokenDigest)).toEqual(at(7200));
      expect(await expireAt(accessOnly.accessTokenDigest)).toEqual(accessOnly.accessTokenExpiresAt);
      expect(await expireAt(forever.accessTokenDigest)).toBeNull();
    });

    it('settles the record a rotation without transactions inserted provisionally', async () => {
      const stores = createMongooseStores(db.connection, { transactions: false });
      const old = tokenRecord();
      const next = tokenRecord({ familyId: old.familyId, refreshTokenExpiresAt: null });
      await stores.tokens.saveToken(old);
      expect(await stores.tokens.rotateRefreshToken(old.refreshTokenDigest!, next, at(5))).toBe(
        true,
      );
      const stored = await db.connection.db!.collection('oauth_tokens').findOne({
        accessTokenDigest: next.accessTokenDigest,
      });
      expect(stored?.['expireAt']).toBeNull();
      expect(stored).not.toHaveProperty('provisional');
    });

    it('keeps a consumed code, with its own expiry as the TTL date', async () => {
      const code = codeRecord();
      await db.context.stores.codes.saveCode(code);
      await db.context.stores.codes.consumeCode(code.codeDigest, at(1));
      const stored = await db.connection.db!.collection('oauth_authorization_codes').findOne({
        codeDigest: code.codeDigest,
      });
      expect(stored?.['consumedAt']).toEqual(at(1));
      expect(stored?.['expiresAt']).toEqual(code.expiresAt);
    });
  },
);
