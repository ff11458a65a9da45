import {
  type AuthorizationCodeRecord,
  type ClientRecord,
  digestSecret,
  digestToken,
  generateId,
  generateToken,
  type TokenRecord,
} from '@oauthkit/core';

/** Seconds from now as a Date (negative: in the past). */
export const inSeconds = (seconds: number): Date => new Date(Date.now() + seconds * 1000);

/** A token record from fresh random tokens, expiring in an hour (refresh: in 30 days). */
export function makeToken(overrides: Partial<TokenRecord> = {}) {
  const accessToken = generateToken();
  const refreshToken = generateToken();
  const record: TokenRecord = {
    accessTokenDigest: digestToken(accessToken),
    refreshTokenDigest: digestToken(refreshToken),
    familyId: generateId(),
    clientId: 'client-1',
    userId: 'user-1',
    scope: 'openid profile',
    tokenType: 'Bearer',
    grantType: 'authorization_code',
    issuedAt: new Date(),
    accessTokenExpiresAt: inSeconds(3600),
    refreshTokenExpiresAt: inSeconds(30 * 86400),
    revokedAt: null,
    rotatedAt: null,
    ...overrides,
  };
  return { record, accessToken, refreshToken };
}

/** A code record from a fresh random code, expiring in ten minutes. */
export function makeCode(overrides: Partial<AuthorizationCodeRecord> = {}) {
  const code = generateToken();
  const record: AuthorizationCodeRecord = {
    codeDigest: digestToken(code),
    clientId: 'client-1',
    userId: 'user-1',
    redirectUri: 'https://app.example.com/cb',
    scope: 'openid',
    codeChallenge: null,
    codeChallengeMethod: null,
    nonce: null,
    familyId: generateId(),
    issuedAt: new Date(),
    expiresAt: inSeconds(600),
    consumedAt: null,
    replayedAt: null,
    ...overrides,
  };
  return { record, code };
}

export function makeClient(overrides: Partial<ClientRecord> = {}) {
  const secret = generateToken();
  const record: ClientRecord = {
    clientId: `client-${generateId()}`,
    clientSecretDigest: digestSecret(secret),
    clientIdIssuedAt: new Date(),
    clientSecretExpiresAt: null,
    metadata: {
      redirectUris: ['https://app.example.com/cb'],
      grantTypes: ['authorization_code', 'refresh_token'],
      responseTypes: ['code'],
      scope: 'openid profile',
      tokenEndpointAuthMethod: 'client_secret_basic',
    },
    ...overrides,
  };
  return { record, secret };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
