import {
  type AuthorizationCodeRecord,
  type ClientRecord,
  digestSecret,
  digestToken,
  generateId,
  generateToken,
  type TokenRecord,
} from '@oauthkit/core';

const T0 = Date.UTC(2030, 0, 1, 12, 0, 0, 123);
export const at = (seconds: number) => new Date(T0 + seconds * 1000);

export function clientRecord(overrides: Partial<ClientRecord> = {}): ClientRecord {
  return {
    clientId: `client-${generateId()}`,
    clientSecretDigest: digestSecret(generateToken()),
    clientIdIssuedAt: at(0),
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
}

export function tokenRecord(overrides: Partial<TokenRecord> = {}): TokenRecord {
  return {
    accessTokenDigest: digestToken(generateToken()),
    refreshTokenDigest: digestToken(generateToken()),
    familyId: generateId(),
    clientId: 'client-1',
    userId: 'user-1',
    scope: 'openid profile',
    tokenType: 'Bearer',
    grantType: 'authorization_code',
    issuedAt: at(0),
    accessTokenExpiresAt: at(3600),
    refreshTokenExpiresAt: at(30 * 86400),
    revokedAt: null,
    rotatedAt: null,
    ...overrides,
  };
}

export function codeRecord(
  overrides: Partial<AuthorizationCodeRecord> = {},
): AuthorizationCodeRecord {
  return {
    codeDigest: digestToken(generateToken()),
    clientId: 'client-1',
    userId: 'user-1',
    redirectUri: 'https://app.example.com/cb',
    scope: 'openid',
    codeChallenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    codeChallengeMethod: 'S256',
    nonce: null,
    familyId: generateId(),
    issuedAt: at(0),
    expiresAt: at(600),
    consumedAt: null,
    replayedAt: null,
    ...overrides,
  };
}
