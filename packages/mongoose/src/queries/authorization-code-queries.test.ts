import { describe, expect, it } from 'vitest';
import { at } from '../../test/fixtures.js';
import { createOfflineConnection, opOf, sentBy } from '../../test/offline-connection.js';
import {
  consumeCodeQuery,
  deleteExpiredCodesQuery,
  findCodeQuery,
  markCodeReplayedQuery,
} from './authorization-code-queries.js';

const { models, sent } = createOfflineConnection();
const Code = models.AuthorizationCode;
const digest = 'cd'.repeat(32);
const now = at(1);

describe('authorization code queries', () => {
  it('find a code by digest as a lean record', () => {
    const q = findCodeQuery(Code, digest);
    expect(opOf(q)).toBe('findOne');
    expect(q.getFilter()).toEqual({ codeDigest: digest });
    expect(q.mongooseOptions().lean).toBe(true);
  });

  it('consume only an unconsumed code, returning it as it was before', () => {
    const q = consumeCodeQuery(Code, digest, now);
    expect(opOf(q)).toBe('findOneAndUpdate');
    expect(q.getFilter()).toEqual({ codeDigest: digest, consumedAt: null });
    expect(q.getUpdate()).toEqual({ $set: { consumedAt: now } });
    expect(q.getOptions()).toMatchObject({ returnDocument: 'before' });
    expect(q.getOptions()).not.toHaveProperty('upsert');
    expect(q.mongooseOptions().lean).toBe(true);
  });

  it('record only the first replay, and only of a consumed code', () => {
    const q = markCodeReplayedQuery(Code, digest, now);
    expect(opOf(q)).toBe('updateOne');
    expect(q.getFilter()).toEqual({
      codeDigest: digest,
      consumedAt: { $ne: null },
      replayedAt: null,
    });
    expect(q.getUpdate()).toEqual({ $set: { replayedAt: now } });
    expect(q.getOptions()).not.toHaveProperty('upsert');
  });

  it('delete the codes expired at now, consumed or not, with one deleteMany', async () => {
    const q = deleteExpiredCodesQuery(Code, now);
    expect(opOf(q)).toBe('deleteMany');
    expect(q.getFilter()).toEqual({ expiresAt: { $lte: now } });
    expect(await sentBy(sent, q)).toEqual({
      collection: 'oauth_authorization_codes',
      method: 'deleteMany',
      params: [{ expiresAt: { $lte: now } }, {}],
    });
  });

  it('reach the driver as written (Mongoose casting changes nothing)', async () => {
    expect((await sentBy(sent, consumeCodeQuery(Code, digest, now))).params.slice(0, 2)).toEqual([
      { codeDigest: digest, consumedAt: null },
      { $set: { consumedAt: now } },
    ]);
    expect(await sentBy(sent, markCodeReplayedQuery(Code, digest, now))).toEqual({
      collection: 'oauth_authorization_codes',
      method: 'updateOne',
      params: [
        { codeDigest: digest, consumedAt: { $ne: null }, replayedAt: null },
        { $set: { replayedAt: now } },
        {},
      ],
    });
    expect((await sentBy(sent, findCodeQuery(Code, digest))).params[0]).toEqual({
      codeDigest: digest,
    });
  });
});
