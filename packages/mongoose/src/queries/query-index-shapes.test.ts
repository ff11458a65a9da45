import type { Model, Query } from 'mongoose';
import { describe, expect, it } from 'vitest';
import { at, clientRecord } from '../../test/fixtures.js';
import { createOfflineConnection, opOf } from '../../test/offline-connection.js';
import {
  createMongooseReplayStore,
  REPLAY_ID_MODEL_NAME,
} from '../stores/mongoose-replay-store.js';
import {
  consumeCodeQuery,
  deleteExpiredCodesQuery,
  findCodeQuery,
  markCodeReplayedQuery,
} from './authorization-code-queries.js';
import { deleteClientQuery, findClientQuery, replaceClientQuery } from './client-queries.js';
import {
  decideDeviceCodeQuery,
  deleteExpiredDeviceCodesQuery,
  findDeviceCodeQuery,
  findUserCodeQuery,
  pollDeviceCodeQuery,
  redeemDeviceCodeQuery,
} from './device-code-queries.js';
import { deleteExpiredReplayIdsQuery, useOnceQuery } from './replay-queries.js';
import {
  claimRefreshTokenQuery,
  deleteExpiredTokensQuery,
  deleteTokenQuery,
  findByAccessTokenQuery,
  findByRefreshTokenQuery,
  revokeAccessTokenQuery,
  revokeClientTokensQuery,
  revokeFamilyQuery,
  settleTokenQuery,
} from './token-queries.js';

// Every query the stores send, checked against the index definitions of the schemas, offline.
// What this proves: each filter leads with the first key of a declared index, point
// operations (one document) use a unique index, and a partial index is only relied on by a
// filter that states the index's own condition (the planner's rule for partial indexes). What
// it cannot prove: that a MongoDB server picks that plan; `explain()` on a real server does.

const { models, connection } = createOfflineConnection();
const { Client, Token, AuthorizationCode, DeviceCode } = models;
createMongooseReplayStore(connection);
const ReplayId = connection.model(REPLAY_ID_MODEL_NAME);
const d = 'ab'.repeat(32);
const now = at(10);

type AnyQuery = Query<unknown, unknown>;
type IndexDef = [Record<string, unknown>, Record<string, unknown>];

const POINT_OPS = new Set(['findOne', 'updateOne', 'findOneAndUpdate', 'deleteOne', 'replaceOne']);

const queries: [string, Model<never>, AnyQuery][] = [
  ['findClient', Client as never, findClientQuery(Client, 'app') as never],
  ['replaceClient', Client as never, replaceClientQuery(Client, clientRecord() as never) as never],
  ['deleteClient', Client as never, deleteClientQuery(Client, 'app') as never],
  ['findByAccessToken', Token as never, findByAccessTokenQuery(Token, d) as never],
  ['findByRefreshToken', Token as never, findByRefreshTokenQuery(Token, d) as never],
  ['claimRefreshToken', Token as never, claimRefreshTokenQuery(Token, d, 'f', now) as never],
  ['deleteToken', Token as never, deleteTokenQuery(Token, d) as never],
  ['settleToken', Token as never, settleTokenQuery(Token, d, null) as never],
  ['revokeAccessToken', Token as never, revokeAccessTokenQuery(Token, d, now) as never],
  ['revokeFamily', Token as never, revokeFamilyQuery(Token, 'f', now) as never],
  ['revokeClientTokens', Token as never, revokeClientTokensQuery(Token, 'app', now) as never],
  ['deleteExpiredTokens', Token as never, deleteExpiredTokensQuery(Token, now) as never],
  ['findCode', AuthorizationCode as never, findCodeQuery(AuthorizationCode, d) as never],
  ['consumeCode', AuthorizationCode as never, consumeCodeQuery(AuthorizationCode, d, now) as never],
  [
    'markCodeReplayed',
    AuthorizationCode as never,
    markCodeReplayedQuery(AuthorizationCode, d, now) as never,
  ],
  [
    'deleteExpiredCodes',
    AuthorizationCode as never,
    deleteExpiredCodesQuery(AuthorizationCode, now) as never,
  ],
  ['findDeviceCode', DeviceCode as never, findDeviceCodeQuery(DeviceCode, d) as never],
  ['findUserCode', DeviceCode as never, findUserCodeQuery(DeviceCode, d) as never],
  [
    'decideDeviceCode',
    DeviceCode as never,
    decideDeviceCodeQuery(DeviceCode, d, { status: 'denied' }, now) as never,
  ],
  ['pollDeviceCode', DeviceCode as never, pollDeviceCodeQuery(DeviceCode, d, now) as never],
  ['redeemDeviceCode', DeviceCode as never, redeemDeviceCodeQuery(DeviceCode, d, now) as never],
  [
    'deleteExpiredDeviceCodes',
    DeviceCode as never,
    deleteExpiredDeviceCodesQuery(DeviceCode, now) as never,
  ],
  ['useOnce', ReplayId as never, useOnceQuery(ReplayId as never, 'ns:id', now, now) as never],
  [
    'deleteExpiredReplayIds',
    ReplayId as never,
    deleteExpiredReplayIdsQuery(ReplayId as never, now) as never,
  ],
];

/** The declared indexes of a model, and the one MongoDB always has: `_id`, unique. */
function indexesOf(model: Model<never>): IndexDef[] {
  return [[{ _id: 1 }, { unique: true }], ...(model.schema.indexes() as IndexDef[])];
}

/**
 * Options that would keep MongoDB from using the index the filter fits (a collation other
 * than the index's, a hint, a sort the index does not give) or that need more of it. Only
 * these are expected; anything else must be looked at and added here.
 */
const NEUTRAL_OPTIONS = new Set(['returnDocument', 'runValidators', 'updatePipeline', 'upsert']);

/** Whether `value` (a filter's condition on a field) implies the partial index `condition`. */
function implies(value: unknown, condition: unknown): boolean {
  if (typeof condition !== 'object' || condition === null) return value === condition;
  if (typeof value !== 'object' || value === null) return false;
  return Object.entries(condition).every(
    ([op, operand]) => (value as Record<string, unknown>)[op] === operand,
  );
}

/** The index a filter can use, or why none fits. */
function usableIndex(filter: Record<string, unknown>, indexes: IndexDef[], point: boolean) {
  const candidates = indexes.filter(([fields, options]) => {
    const lead = Object.keys(fields)[0]!;
    if (!(lead in filter)) return false;
    if (point && options['unique'] !== true) return false;
    const partial = options['partialFilterExpression'] as Record<string, unknown> | undefined;
    return (
      partial === undefined || Object.entries(partial).every(([f, c]) => implies(filter[f], c))
    );
  });
  return candidates[0];
}

describe('every query fits an index (offline, from the schema definitions)', () => {
  for (const [name, model, query] of queries) {
    it(name, () => {
      const filter = query.getFilter() as Record<string, unknown>;
      const point = POINT_OPS.has(opOf(query));
      const index = usableIndex(filter, indexesOf(model), point);
      expect(index, `${name} ${JSON.stringify(filter)}`).toBeDefined();
    });

    it(`${name}: its options keep that index usable`, () => {
      const options = query.getOptions() as Record<string, unknown>;
      const unexpected = Object.keys(options).filter((key) => !NEUTRAL_OPTIONS.has(key));
      expect(unexpected, name).toEqual([]);
      // An upsert must match on a unique index, or concurrent upserts insert twice.
      if (options['upsert'] === true) {
        expect(usableIndex(query.getFilter(), indexesOf(model), true), name).toBeDefined();
      }
    });
  }

  it('the check refuses a bare equality on the partial refresh index', () => {
    const indexes = Token.schema.indexes() as IndexDef[];
    expect(usableIndex({ refreshTokenDigest: d }, indexes, true)).toBeUndefined();
    expect(usableIndex({ familyId: 'f' }, indexes, true)).toBeUndefined();
    expect(usableIndex({ familyId: 'f' }, indexes, false)).toBeDefined();
  });

  it('lists every query the stores build', async () => {
    // A new query function must be added above: compare with the modules' exports.
    const modules = [
      await import('./authorization-code-queries.js'),
      await import('./client-queries.js'),
      await import('./device-code-queries.js'),
      await import('./replay-queries.js'),
      await import('./token-queries.js'),
    ];
    const exported = modules
      .flatMap((m) => Object.keys(m))
      .filter((k) => k.endsWith('Query'))
      .sort();
    const listed = queries.map(([n]) => `${n}Query`).sort();
    expect(listed).toEqual(exported);
  });
});
