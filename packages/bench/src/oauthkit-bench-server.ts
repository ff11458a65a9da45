import {
  createAuthorizationServer,
  digestSecret,
  type SigningKeySet,
  type Stores,
  withMetadataDefaults,
} from '@oauthkit/core';
import { createRecordFactory } from '@oauthkit/store-tests';
import {
  CLIENT_ID,
  CLIENT_SECRET,
  newCode,
  REDIRECT_URI,
  SCOPE,
  type SeededCode,
} from './fixtures.js';

/**
 * The bench client registered in `stores` (only its secret's digest kept) and an oauthkit
 * server over them, configured as an app would: refresh tokens on, defaults for the rest.
 * Shared by the HTTP servers and the in-process microbenchmark, so both measure the same.
 * With `signingKeys`, access tokens are RFC 9068 JWTs; `config` is merged into the server's.
 */
export async function createBenchAuthorizationServer(
  stores: Stores,
  signingKeys?: SigningKeySet,
  config: { rotateConfidentialRefreshTokens?: boolean } = {},
) {
  await stores.clients.saveClient({
    clientId: CLIENT_ID,
    clientSecretDigest: digestSecret(CLIENT_SECRET),
    clientIdIssuedAt: new Date(),
    clientSecretExpiresAt: null,
    metadata: withMetadataDefaults({
      redirectUris: [REDIRECT_URI],
      grantTypes: ['authorization_code', 'refresh_token', 'client_credentials'],
      scope: SCOPE,
    }),
  });
  return createAuthorizationServer({
    ...stores,
    ...(signingKeys ? { signingKeys } : {}),
    config: {
      issuer: 'http://127.0.0.1',
      refreshTokenGenerator: true,
      ...config,
      ...(signingKeys ? { accessTokenFormat: 'jwt' as const } : {}),
    },
  });
}

/**
 * Saves a fresh code for the bench client as the authorization endpoint does (only its
 * digest, an S256 challenge, 5 minutes), made by the shared record factory, and returns the
 * code and verifier to exchange.
 */
export async function saveBenchCode(stores: Stores): Promise<SeededCode> {
  const { verifier, challenge } = newCode();
  const make = createRecordFactory('second', CLIENT_ID, Date.now());
  const { record, code } = make.code({
    redirectUri: REDIRECT_URI,
    scope: SCOPE,
    codeChallenge: challenge,
    expiresAt: make.date(300),
  });
  await stores.codes.saveCode(record);
  return { code, verifier };
}
