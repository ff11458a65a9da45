import { createServer } from 'node:http';
import Provider from 'oidc-provider';
import { CLIENT_ID, CLIENT_SECRET, SCOPE } from '../fixtures.js';
import type { BenchServer } from './bench-server.js';

/**
 * oidc-provider 9 on `node:http` (its Koa app's callback) with its built-in in-memory
 * adapter: the client_credentials grant and introspection (RFC 7662), each client allowed to
 * introspect only its own tokens, as oauthkit's default.
 */
export function createOidcProviderServer(): BenchServer {
  const provider = new Provider('http://127.0.0.1', {
    clients: [
      {
        client_id: CLIENT_ID,
        client_secret: CLIENT_SECRET,
        grant_types: ['client_credentials'],
        response_types: [],
        redirect_uris: [],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    scopes: [SCOPE],
    ttl: { ClientCredentials: 864_000 },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      introspection: {
        enabled: true,
        allowedPolicy: (_ctx: unknown, client: { clientId: string }, token: { clientId: string }) =>
          token.clientId === client.clientId,
      },
    },
  });
  return {
    http: createServer(provider.callback()),
    routes: { token: '/token', introspection: '/token/introspection' },
    close: async () => {},
  };
}
