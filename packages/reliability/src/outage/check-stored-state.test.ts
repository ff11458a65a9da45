import { digestToken, type TokenRecord } from '@oauthkit/core';
import { createMemoryStores } from '@oauthkit/core/testing';
import { describe, expect, test } from 'vitest';
import { checkStoredState, type StoredToken } from './check-stored-state.js';
import type { FlowEvent } from './flow-load.js';

// The direct store here is the core's reference memory store: lookups go through real
// store code, as they do through the Drizzle and Redis stores in the outage tests.

const now = new Date();
function record(access: string, refresh: string | null, familyId: string, grantType: string) {
  return {
    accessTokenDigest: digestToken(access),
    refreshTokenDigest: refresh === null ? null : digestToken(refresh),
    familyId,
    clientId: 'c',
    userId: 'u',
    scope: 'read',
    tokenType: 'Bearer',
    grantType,
    issuedAt: now,
    accessTokenExpiresAt: new Date(now.getTime() + 60_000),
    refreshTokenExpiresAt: null,
    revokedAt: null,
    rotatedAt: null,
    extensions: {},
  } satisfies TokenRecord;
}
const row = (r: TokenRecord, rotated = false): StoredToken => ({
  accessTokenDigest: r.accessTokenDigest,
  refreshTokenDigest: r.refreshTokenDigest,
  familyId: r.familyId,
  grantType: r.grantType,
  rotated,
  missingFields: [],
});
const issued = (
  step: FlowEvent['step'],
  accessToken: string,
  refreshToken: string | null,
  presented: string | null = null,
): FlowEvent => ({
  step,
  start: 0,
  end: 1,
  status: 200,
  error: null,
  presented,
  accessToken,
  refreshToken,
  retry: false,
  problems: [],
});
const everything = { focus: () => true };

describe('checkStoredState', () => {
  test('a consistent store passes, and a stored token nobody received is counted', async () => {
    const direct = createMemoryStores();
    const first = record('a1', 'r1', 'f1', 'authorization_code');
    const second = record('a2', 'r2', 'f1', 'refresh_token');
    const orphan = record('a3', null, 'f2', 'client_credentials');
    for (const r of [first, second, orphan]) await direct.tokens.saveToken(r);
    const state = {
      tokens: [row(first, true), row(second), row(orphan)],
      codes: [{ codeDigest: digestToken('code1'), consumed: true }],
    };
    const events = [issued('code', 'a1', 'r1', 'code1'), issued('refresh', 'a2', 'r2', 'r1')];
    expect(await checkStoredState(state, events, direct, everything)).toEqual({
      problems: [],
      orphanTokens: 1,
    });
  });

  test('finds tokens not stored or not findable, half-written rows, broken rotations, codes that gave two tokens, unconsumed codes', async () => {
    const direct = createMemoryStores();
    const kept = record('a1', 'r1', 'f1', 'authorization_code');
    await direct.tokens.saveToken(kept);
    const unfindable = record('a2', null, 'f2', 'client_credentials');
    const twice = record('a4', null, 'f1', 'authorization_code');
    const state = {
      tokens: [
        row(kept, true),
        { ...row(unfindable), missingFields: ['grant_type'] },
        row(twice, true),
      ],
      codes: [{ codeDigest: digestToken('code1'), consumed: false }],
    };
    const events = [
      issued('code', 'a1', 'other-refresh', 'code1'),
      issued('client_credentials', 'a2', null),
      issued('client_credentials', 'never-stored', null),
    ];
    const { problems } = await checkStoredState(state, events, direct, everything);
    expect(problems).toEqual([
      'code 200: stored refresh token differs',
      'client_credentials 200 at 0 ms: token not stored',
      `half-written token ${unfindable.accessTokenDigest}: grant_type`,
      'family f1: 2 rotated of 2 rows',
      'family f1: one code gave several tokens',
      'a code exchanged with a 200 is not consumed',
      'code 200: not found by refresh token',
      'client_credentials 200: not found by access token',
      'client_credentials 200: not found by access token',
    ]);
  });
});
