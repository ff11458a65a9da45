import {
  createAuthorizationServer,
  digestSecret,
  type Stores,
  withMetadataDefaults,
} from '@oauthkit/core';
import { CLIENT_ID, CLIENT_SECRET, REDIRECT_URI, SCOPE } from './fixtures.js';

/**
 * The bench client registered in `stores` (only its secret's digest kept) and an oauthkit
 * server over them, configured as an app would: refresh tokens on, defaults for the rest.
 * Shared by the HTTP servers and the in-process microbenchmark, so both measure the same.
 */
export async function createBenchAuthorizationServer(stores: Stores) {
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
    config: { issuer: 'http://127.0.0.1', refreshTokenGenerator: true },
  });
}
