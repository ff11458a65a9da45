import { once } from 'node:events';
import { createServer } from 'node:http';
import {
  createAuthorizationServer,
  digestSecret,
  generateToken,
  type Stores,
  userFromId,
} from '@oauthkit/core';
import { createMemoryStores } from '@oauthkit/core/testing';
import { createNodeHandler } from '@oauthkit/node';

/** The client the soak runs its cycle as (confidential, `client_secret_basic`). */
export interface SoakClient {
  clientId: string;
  secret: string;
  redirectUri: string;
}

/** A listening soak server. */
export interface SoakServer {
  /** `http://127.0.0.1:<port>`: the issuer and the base of every endpoint. */
  url: string;
  client: SoakClient;
  close(): Promise<void>;
}

/**
 * Lifetimes short enough that the memory store reaches a steady size within the warm-up
 * (expired records are swept as writes go on): the soak measures leaks, not retention.
 */
export const SOAK_LIFETIMES = { accessSeconds: 5, refreshSeconds: 8, codeSeconds: 5 } as const;

/**
 * Starts a real `node:http` server on 127.0.0.1 (a free port) serving every endpoint through
 * `@oauthkit/node`, plus `GET /api/me` behind the bearer check, over `stores` (default:
 * fresh memory stores). The end user is always logged in and consents when the form says
 * `consent=allow`.
 *
 * @example
 * const soak = await createSoakServer();
 * await fetch(`${soak.url}/.well-known/oauth-authorization-server`);
 * await soak.close();
 */
export async function createSoakServer(stores: Stores = createMemoryStores()): Promise<SoakServer> {
  const http = createServer();
  http.listen(0, '127.0.0.1');
  await once(http, 'listening');
  const url = `http://127.0.0.1:${(http.address() as { port: number }).port}`;
  const client: SoakClient = {
    clientId: 'soak-app',
    secret: generateToken(),
    redirectUri: 'http://127.0.0.1/callback',
  };
  await stores.clients.saveClient({
    clientId: client.clientId,
    clientSecretDigest: digestSecret(client.secret),
    clientIdIssuedAt: new Date(),
    clientSecretExpiresAt: null,
    metadata: {
      redirectUris: [client.redirectUri],
      grantTypes: ['authorization_code', 'refresh_token'],
      responseTypes: ['code'],
      scope: 'profile',
      tokenEndpointAuthMethod: 'client_secret_basic',
    },
  });
  const server = createAuthorizationServer({
    ...stores,
    config: {
      issuer: url,
      refreshTokenGenerator: true,
      rotateConfidentialRefreshTokens: true,
      tokenExpiresIn: {
        authorization_code: SOAK_LIFETIMES.accessSeconds,
        refresh_token: SOAK_LIFETIMES.accessSeconds,
      },
      refreshTokenExpiresIn: SOAK_LIFETIMES.refreshSeconds,
      authorizationCodeExpiresIn: SOAK_LIFETIMES.codeSeconds,
    },
  });
  const user = userFromId('soak-user');
  const oauth = createNodeHandler(server, {
    getUser: () => user,
    login: (_, res) => void res.writeHead(401).end(),
    renderConsent: (_, res) =>
      void res.writeHead(200, { 'content-type': 'text/html' }).end('consent'),
    getConsent: (_, form) => form.get('consent') === 'allow',
    onError: (error) => console.error('[soak server]', error),
  });
  http.on('request', async (req, res) => {
    if (await oauth(req, res)) return;
    if (req.url === '/api/me') {
      const token = await oauth.protect(req, res, ['profile']);
      if (token)
        res
          .writeHead(200, { 'content-type': 'application/json' })
          .end(`{"sub":"${token.getUserId()}"}`);
      return;
    }
    res.writeHead(404).end();
  });
  return {
    url,
    client,
    close: () =>
      new Promise<void>((resolve) => {
        http.closeAllConnections();
        http.close(() => resolve());
      }),
  };
}
