import type { Stores } from '@oauthkit/core';
import { generateToken } from '@oauthkit/core';
import { describe, expect, it } from 'vitest';
import { at, clientRecord, codeRecord, tokenRecord } from '../../test/fixtures.js';
import { createOfflineConnection } from '../../test/offline-connection.js';
import { PROVISIONAL_TOKEN_TTL_MS, tokenExpireAt } from '../schemas/token-schema.js';
import { createMongooseStores } from './create-mongoose-stores.js';

// No server here: each call is cast by Mongoose and reaches the driver layer, where the
// connection's `operation-start` event shows exactly what would be sent, and then fails
// because nothing is connected. So these tests read the real filters and updates of the
// real store code, and also prove that a store failure rejects instead of answering.

function offlineStores(transactions?: boolean) {
  const offline = createOfflineConnection();
  const stores = createMongooseStores(
    offline.connection,
    transactions === undefined ? {} : { transactions },
  );
  return { ...offline, stores };
}

const withoutId = (doc: unknown) => {
  const { _id, ...rest } = doc as Record<string, unknown>;
  return rest;
};

describe('createMongooseStores (offline: what each operation sends)', () => {
  it('clients: find, replace (upsert) and delete by clientId', async () => {
    const { stores, sent } = offlineStores();
    const record = clientRecord({ clientId: 'app' });
    await expect(stores.clients.findClient('app')).rejects.toThrow(/oauth_clients\.findOne/);
    await expect(stores.clients.saveClient(record)).rejects.toThrow(/replaceOne/);
    await expect(stores.clients.deleteClient('app')).rejects.toThrow(/deleteOne/);
    expect(sent).toEqual([
      { collection: 'oauth_clients', method: 'findOne', params: [{ clientId: 'app' }, {}] },
      {
        collection: 'oauth_clients',
        method: 'replaceOne',
        params: [
          { clientId: 'app' },
          { ...record, registrationAccessTokenDigest: null },
          { upsert: true, runValidators: true },
        ],
      },
      { collection: 'oauth_clients', method: 'deleteOne', params: [{ clientId: 'app' }, {}] },
    ]);
  });

  it('saveToken inserts the record with its TTL date, nothing else', async () => {
    const { stores, sent } = offlineStores();
    const record = tokenRecord();
    await expect(stores.tokens.saveToken(record)).rejects.toThrow(/oauth_tokens\.insertOne/);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.method).toBe('insertOne');
    expect(withoutId(sent[0]!.params[0])).toEqual({
      ...record,
      extensions: '{}',
      expireAt: tokenExpireAt(record),
    });
  });

  it('token lookups filter on the digest alone (typed, for the partial refresh index)', async () => {
    const { stores, sent } = offlineStores();
    const d = 'ef'.repeat(32);
    await expect(stores.tokens.findByAccessToken(d)).rejects.toThrow();
    await expect(stores.tokens.findByRefreshToken(d)).rejects.toThrow();
    expect(sent.map((s) => [s.method, s.params[0]])).toEqual([
      ['findOne', { accessTokenDigest: d }],
      ['findOne', { refreshTokenDigest: { $eq: d, $type: 'string' } }],
    ]);
  });

  it('revokeAccessToken and revokeFamily update only unrevoked records', async () => {
    const { stores, sent } = offlineStores();
    const d = 'ef'.repeat(32);
    await expect(stores.tokens.revokeAccessToken(d, at(5))).rejects.toThrow(/updateOne/);
    await expect(stores.tokens.revokeFamily('fam', at(6))).rejects.toThrow(/updateMany/);
    expect(sent.map((s) => [s.method, s.params[0], s.params[1]])).toEqual([
      ['updateOne', { accessTokenDigest: d, revokedAt: null }, { $set: { revokedAt: at(5) } }],
      ['updateMany', { familyId: 'fam', revokedAt: null }, { $set: { revokedAt: at(6) } }],
    ]);
  });

  it('revokeClientTokens updates only the unrevoked records of that client', async () => {
    const { stores, sent } = offlineStores();
    await expect(stores.tokens.revokeClientTokens!('app', at(7))).rejects.toThrow(/updateMany/);
    await expect(stores.tokens.revokeClientTokens!(undefined as never, at(7))).rejects.toThrow(
      TypeError,
    );
    expect(sent.map((s) => [s.method, s.params[0], s.params[1]])).toEqual([
      ['updateMany', { clientId: 'app', revokedAt: null }, { $set: { revokedAt: at(7) } }],
    ]);
  });

  it('rotation without transactions inserts the new record before claiming the old one', async () => {
    const { stores, sent } = offlineStores(false);
    const next = tokenRecord();
    await expect(stores.tokens.rotateRefreshToken('ab'.repeat(32), next, at(5))).rejects.toThrow(
      /insertOne/,
    );
    // The insert failed, so no claim was attempted and nothing needs undoing: a compensating
    // delete here would remove whichever record holds that access digest.
    expect(sent.map((s) => s.method)).toEqual(['insertOne']);
    // Its refresh token outlives the provisional TTL: inserted provisional, until settled.
    expect(withoutId(sent[0]!.params[0])).toEqual({
      ...next,
      extensions: '{}',
      expireAt: new Date(at(5).getTime() + PROVISIONAL_TOKEN_TTL_MS),
      provisional: true,
    });
  });

  it('rotation asks the deployment about transactions first, and rejects if it cannot', async () => {
    const { stores, sent } = offlineStores();
    await expect(
      stores.tokens.rotateRefreshToken('ab'.repeat(32), tokenRecord(), at(5)),
    ).rejects.toThrow('the MongoDB connection is not open');
    expect(sent).toEqual([]);
  });

  it('deleteExpired sends one deleteMany per store, filtering on the expiry dates', async () => {
    const { stores, sent } = offlineStores();
    await expect(stores.tokens.deleteExpired(at(9))).rejects.toThrow(/oauth_tokens\.deleteMany/);
    await expect(stores.codes.deleteExpired(at(9))).rejects.toThrow(
      /oauth_authorization_codes\.deleteMany/,
    );
    expect(sent).toEqual([
      {
        collection: 'oauth_tokens',
        method: 'deleteMany',
        params: [{ expireAt: { $lte: at(9) }, provisional: { $ne: true } }, {}],
      },
      {
        collection: 'oauth_authorization_codes',
        method: 'deleteMany',
        params: [{ expiresAt: { $lte: at(9) } }, {}],
      },
    ]);
  });

  it('saveCode inserts the record; consumeCode starts with the conditional findOneAndUpdate', async () => {
    const { stores, sent } = offlineStores();
    const record = codeRecord();
    await expect(stores.codes.saveCode(record)).rejects.toThrow(/insertOne/);
    await expect(stores.codes.findCode(record.codeDigest)).rejects.toThrow(/findOne/);
    await expect(stores.codes.consumeCode(record.codeDigest, at(7))).rejects.toThrow(
      /findOneAndUpdate/,
    );
    expect(sent).toHaveLength(3);
    expect(withoutId(sent[0]!.params[0])).toEqual({ ...record, extensions: '{}' });
    expect(sent[1]!.params[0]).toEqual({ codeDigest: record.codeDigest });
    expect(sent[2]!.method).toBe('findOneAndUpdate');
    expect(sent[2]!.params.slice(0, 2)).toEqual([
      { codeDigest: record.codeDigest, consumedAt: null },
      { $set: { consumedAt: at(7) } },
    ]);
    expect(sent[2]!.params[2]).toMatchObject({ returnDocument: 'before' });
  });
});

describe('createMongooseStores (offline: caller mistakes)', () => {
  const digest = 'ab'.repeat(32);

  // Each bad call must throw a TypeError before anything reaches the driver: Mongoose would
  // drop an undefined filter value and run `{ revokedAt: null }` over every family.
  const badCalls: [string, (s: Stores) => Promise<unknown>, RegExp][] = [
    [
      'revokeFamily(undefined)',
      (s) => s.tokens.revokeFamily(undefined as never, at(1)),
      /familyId/,
    ],
    ['revokeFamily("")', (s) => s.tokens.revokeFamily('', at(1)), /familyId/],
    [
      'revokeAccessToken(operator object)',
      (s) => s.tokens.revokeAccessToken({ $ne: null } as never, at(1)),
      /accessTokenDigest/,
    ],
    [
      'revokeAccessToken(bad date)',
      (s) => s.tokens.revokeAccessToken(digest, new Date('x')),
      /now/,
    ],
    [
      'findByAccessToken(null)',
      (s) => s.tokens.findByAccessToken(null as never),
      /accessTokenDigest/,
    ],
    ['findByRefreshToken(1)', (s) => s.tokens.findByRefreshToken(1 as never), /refreshTokenDigest/],
    [
      'rotateRefreshToken(no digest)',
      (s) => s.tokens.rotateRefreshToken(undefined as never, tokenRecord(), at(1)),
      /refreshTokenDigest/,
    ],
    [
      'rotateRefreshToken(no next)',
      (s) => s.tokens.rotateRefreshToken(digest, null as never, at(1)),
      /next/,
    ],
    [
      'rotateRefreshToken(now as string)',
      (s) => s.tokens.rotateRefreshToken(digest, tokenRecord(), '2030-01-01' as never),
      /now/,
    ],
    ['saveToken(null)', (s) => s.tokens.saveToken(null as never), /saveToken/],
    ['consumeCode(undefined)', (s) => s.codes.consumeCode(undefined as never, at(1)), /codeDigest/],
    ['consumeCode(no date)', (s) => s.codes.consumeCode(digest, undefined as never), /now/],
    ['findCode({})', (s) => s.codes.findCode({} as never), /codeDigest/],
    ['tokens.deleteExpired(undefined)', (s) => s.tokens.deleteExpired(undefined as never), /now/],
    ['tokens.deleteExpired(bad date)', (s) => s.tokens.deleteExpired(new Date('x')), /now/],
    ['codes.deleteExpired("2030")', (s) => s.codes.deleteExpired('2030' as never), /now/],
    ['codes.deleteExpired(epoch ms)', (s) => s.codes.deleteExpired(1e12 as never), /now/],
    ['findClient(undefined)', (s) => s.clients.findClient(undefined as never), /clientId/],
    ['deleteClient("")', (s) => s.clients.deleteClient(''), /clientId/],
    ['saveClient(no id)', (s) => s.clients.saveClient(clientRecord({ clientId: '' })), /clientId/],
  ];

  for (const [name, call, message] of badCalls) {
    it(`${name} rejects with a TypeError and sends nothing`, async () => {
      const { stores, sent } = offlineStores(false);
      const error = await call(stores).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(TypeError);
      expect((error as Error).message).toMatch(message);
      expect(sent).toEqual([]);
    });
  }

  it('refuses records that would store a clear token, code or secret', async () => {
    const { stores, sent } = offlineStores(false);
    const clear = generateToken();
    for (const write of [
      () => stores.tokens.saveToken(tokenRecord({ accessTokenDigest: clear })),
      () => stores.tokens.saveToken(tokenRecord({ refreshTokenDigest: clear })),
      () =>
        stores.tokens.rotateRefreshToken(clear, tokenRecord({ refreshTokenDigest: clear }), at(1)),
      () => stores.codes.saveCode(codeRecord({ codeDigest: clear })),
      () => stores.clients.saveClient(clientRecord({ clientSecretDigest: clear })),
    ]) {
      await expect(write()).rejects.toThrow(TypeError);
    }
    expect(sent).toEqual([]);
  });

  it('reports a bad record as a TypeError naming the field', async () => {
    const { stores } = offlineStores(false);
    const bad = { ...tokenRecord(), issuedAt: 'noon' } as never;
    await expect(stores.tokens.saveToken(bad)).rejects.toThrow(/saveToken.*issuedAt/);
    // What only the schema knows (a digest's format) is refused by Mongoose's validation.
    const clear = { ...tokenRecord(), accessTokenDigest: 'not-a-digest' };
    await expect(stores.tokens.saveToken(clear)).rejects.toThrow(
      /invalid token record.*accessTokenDigest/,
    );
  });

  it('checks its options', () => {
    const { connection } = createOfflineConnection();
    expect(() => createMongooseStores(connection, { transactions: 'yes' as never })).toThrow(
      new TypeError('options.transactions must be a boolean when set'),
    );
    expect(() => createMongooseStores({} as never)).toThrow(TypeError);
  });
});
