import { type AuthorizationCodeRecord, generateId, type TokenRecord } from '@oauthkit/core';

/** A fixed time, `seconds` after 2026-01-01T00:00:00Z. */
export const at = (seconds: number): Date => new Date(Date.UTC(2026, 0, 1, 0, 0, seconds));

/**
 * A token record of `clientId` in `familyId`, issued at `at(1)` for an hour, with a refresh
 * token unless `refresh` is `false`; every digest fresh.
 */
export function tokenRecord(clientId: string, familyId: string, refresh = true): TokenRecord {
  return {
    accessTokenDigest: generateId(),
    refreshTokenDigest: refresh ? generateId() : null,
    familyId,
    clientId,
    userId: 'user-1',
    scope: 'openid',
    tokenType: 'Bearer',
    grantType: 'authorization_code',
    issuedAt: at(1),
    accessTokenExpiresAt: at(3601),
    refreshTokenExpiresAt: null,
    revokedAt: null,
    rotatedAt: null,
    extensions: {},
  };
}

/** An unconsumed code of `clientId`, issued at `at(0)` for ten minutes, in a fresh family. */
export function codeRecord(
  clientId: string,
  overrides: Partial<AuthorizationCodeRecord> = {},
): AuthorizationCodeRecord {
  return {
    codeDigest: generateId(),
    clientId,
    userId: 'user-1',
    redirectUri: null,
    scope: 'openid',
    codeChallenge: null,
    codeChallengeMethod: null,
    nonce: null,
    familyId: generateId(),
    issuedAt: at(0),
    expiresAt: at(600),
    consumedAt: null,
    replayedAt: null,
    extensions: {},
    ...overrides,
  };
}
