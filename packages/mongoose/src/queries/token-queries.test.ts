import { describe, expect, it } from 'vitest';
import { at, tokenRecord } from '../../test/fixtures.js';
import { createOfflineConnection, opOf, sentBy } from '../../test/offline-connection.js';
import { tokenExpireAt } from '../schemas/token-schema.js';
import {
  claimRefreshTokenQuery,
  deleteExpiredTokensQuery,
  deleteTokenQuery,
  findByAccessTokenQuery,
  findByRefreshTokenQuery,
  revokeAccessTokenQuery,
  revokeFamilyQuery,
  settleTokenQuery,
} from './token-queries.js';

const { models, sent } = createOfflineConnection();
const { Token } = models;
const digest = 'ab'.repeat(32);
const now = at(10);

describe('token queries', () => {
  it('look tokens up by one digest, as lean records, with no expiry or revocation filter', () => {
    const byAccess = findByAccessTokenQuery(Token, digest);
    expect(opOf(byAccess)).toBe('findOne');
    expect(byAccess.getFilter()).toEqual({ accessTokenDigest: digest });
    expect(byAccess.mongooseOptions().lean).toBe(true);
    const byRefresh = findByRefreshTokenQuery(Token, digest);
    expect(opOf(byRefresh)).toBe('findOne');
    expect(byRefresh.getFilter()).toEqual({
      refreshTokenDigest: { $eq: digest, $type: 'string' },
    });
    expect(byRefresh.mongooseOptions().lean).toBe(true);
  });

  it('claim a refresh token only while it is neither revoked nor rotated', () => {
    const q = claimRefreshTokenQuery(Token, digest, 'family-1', now);
    expect(opOf(q)).toBe('updateOne');
    expect(q.getFilter()).toEqual({
      refreshTokenDigest: { $eq: digest, $type: 'string' },
      familyId: 'family-1',
      revokedAt: null,
      rotatedAt: null,
    });
    expect(q.getUpdate()).toEqual({ $set: { rotatedAt: now, revokedAt: now } });
    expect(q.getOptions()).not.toHaveProperty('upsert');
  });

  it('revoke one access token only if it is not revoked yet', () => {
    const q = revokeAccessTokenQuery(Token, digest, now);
    expect(opOf(q)).toBe('updateOne');
    expect(q.getFilter()).toEqual({ accessTokenDigest: digest, revokedAt: null });
    expect(q.getUpdate()).toEqual({ $set: { revokedAt: now } });
  });

  it('revoke the still-active records of one family, leaving revoked ones their date', () => {
    const q = revokeFamilyQuery(Token, 'family-1', now);
    expect(opOf(q)).toBe('updateMany');
    expect(q.getFilter()).toEqual({ familyId: 'family-1', revokedAt: null });
    expect(q.getUpdate()).toEqual({ $set: { revokedAt: now } });
  });

  it('undo a lost rotation by deleting exactly the record it inserted', () => {
    const q = deleteTokenQuery(Token, digest);
    expect(opOf(q)).toBe('deleteOne');
    expect(q.getFilter()).toEqual({ accessTokenDigest: digest });
  });

  it('delete expired tokens with one deleteMany on the TTL date, rotations in flight aside', async () => {
    const q = deleteExpiredTokensQuery(Token, now);
    expect(opOf(q)).toBe('deleteMany');
    const filter = { expireAt: { $lte: now }, provisional: { $ne: true } };
    expect(q.getFilter()).toEqual(filter);
    expect(await sentBy(sent, q)).toEqual({
      collection: 'oauth_tokens',
      method: 'deleteMany',
      params: [filter, {}],
    });
  });

  it('settle a provisional record: its real TTL date, and the marker removed', async () => {
    const q = settleTokenQuery(Token, digest, null);
    expect(opOf(q)).toBe('updateOne');
    expect(q.getFilter()).toEqual({ accessTokenDigest: digest, provisional: true });
    expect(q.getUpdate()).toEqual({ $set: { expireAt: null }, $unset: { provisional: 1 } });
    expect(q.getOptions()).not.toHaveProperty('upsert');
  });

  it('the expireAt filter is the contract rule: access and refresh (if any) both expired', () => {
    const [before, after] = [at(5), at(20)];
    // `$lte` matches a Date at or before `now`, never `null` (a refresh that never expires).
    const matches = (r: Parameters<typeof tokenExpireAt>[0]) => {
      const expireAt = tokenExpireAt(r);
      return expireAt !== null && expireAt <= now;
    };
    const cases: [string, Partial<Parameters<typeof tokenExpireAt>[0]>, boolean][] = [
      [
        'access expired, no refresh',
        { refreshTokenDigest: null, accessTokenExpiresAt: before, refreshTokenExpiresAt: null },
        true,
      ],
      [
        'access alive, no refresh',
        { refreshTokenDigest: null, accessTokenExpiresAt: after, refreshTokenExpiresAt: null },
        false,
      ],
      ['both expired', { accessTokenExpiresAt: before, refreshTokenExpiresAt: before }, true],
      ['expiring at now exactly', { accessTokenExpiresAt: now, refreshTokenExpiresAt: now }, true],
      ['refresh alive', { accessTokenExpiresAt: before, refreshTokenExpiresAt: after }, false],
      [
        'access alive, refresh expired',
        { accessTokenExpiresAt: after, refreshTokenExpiresAt: before },
        false,
      ],
      [
        'refresh never expires',
        { accessTokenExpiresAt: before, refreshTokenExpiresAt: null },
        false,
      ],
    ];
    for (const [label, overrides, expired] of cases) {
      expect(matches(tokenRecord(overrides)), label).toBe(expired);
    }
  });

  it('reach the driver as written (Mongoose casting changes nothing)', async () => {
    const calls = [
      [
        claimRefreshTokenQuery(Token, digest, 'family-1', now),
        'updateOne',
        [
          {
            refreshTokenDigest: { $eq: digest, $type: 'string' },
            familyId: 'family-1',
            revokedAt: null,
            rotatedAt: null,
          },
          { $set: { rotatedAt: now, revokedAt: now } },
          {},
        ],
      ],
      [
        revokeAccessTokenQuery(Token, digest, now),
        'updateOne',
        [{ accessTokenDigest: digest, revokedAt: null }, { $set: { revokedAt: now } }, {}],
      ],
      [
        revokeFamilyQuery(Token, 'family-1', now),
        'updateMany',
        [{ familyId: 'family-1', revokedAt: null }, { $set: { revokedAt: now } }, {}],
      ],
      [deleteTokenQuery(Token, digest), 'deleteOne', [{ accessTokenDigest: digest }, {}]],
      [
        findByRefreshTokenQuery(Token, digest),
        'findOne',
        [{ refreshTokenDigest: { $eq: digest, $type: 'string' } }, {}],
      ],
    ] as const;
    for (const [query, method, params] of calls) {
      expect(await sentBy(sent, query)).toEqual({ collection: 'oauth_tokens', method, params });
    }
  });
});
