import { type CryptoKey, exportJWK, generateKeyPair } from 'jose';
import * as oauth from 'oauth4webapi';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  type AuthorizationServer,
  type ClientJwks,
  createAuthorizationServer,
  createPrivateKeyJwtMethod,
  generateId,
} from '../../src/index.js';
import { createMemoryReplayStore, createMemoryStores } from '../../src/testing.js';
import { type LocalServer, serveWebHandler } from './serve-web-handler.js';

// RFC 7523 private_key_jwt driven by a strict reference client (oauth4webapi's
// PrivateKeyJwt) over real HTTP on 127.0.0.1: token, revocation and introspection.

const insecure = { [oauth.allowInsecureRequests]: true } as const;

let http: LocalServer;
let server: AuthorizationServer;
let as: oauth.AuthorizationServer;
const stores = createMemoryStores();
let client: oauth.Client;
let auth: oauth.ClientAuth;
let keyPair: { privateKey: CryptoKey; kid: string };

const ROUTES: Record<string, string> = {
  '/.well-known/oauth-authorization-server': 'metadata',
  '/token': 'token',
  '/revoke': 'revocation',
  '/introspect': 'introspection',
};

beforeAll(async () => {
  http = await serveWebHandler(async (request) => {
    const name = ROUTES[new URL(request.url).pathname];
    return name
      ? server.createEndpointResponse(name, request)
      : new Response('not found', { status: 404 });
  });
  server = createAuthorizationServer({ ...stores, config: { issuer: http.origin } });
  server.registerClientAuthMethod(
    createPrivateKeyJwtMethod({ replayStore: createMemoryReplayStore() }),
  );
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  const kid = generateId();
  const clientId = `pkjwt-${generateId()}`;
  await stores.clients.saveClient({
    clientId,
    clientSecretDigest: null,
    clientIdIssuedAt: new Date(),
    clientSecretExpiresAt: null,
    metadata: {
      redirectUris: [],
      grantTypes: ['client_credentials'],
      responseTypes: [],
      scope: 'read',
      tokenEndpointAuthMethod: 'private_key_jwt',
      jwks: {
        keys: [
          {
            ...(await exportJWK(publicKey)),
            kid,
            alg: 'ES256',
            use: 'sig',
          } as ClientJwks['keys'][number],
        ],
      },
    },
  });
  client = { client_id: clientId, token_endpoint_auth_method: 'private_key_jwt' };
  keyPair = { privateKey, kid };
  auth = oauth.PrivateKeyJwt({ key: privateKey, kid });
  const issuer = new URL(http.origin);
  as = await oauth.processDiscoveryResponse(
    issuer,
    await oauth.discoveryRequest(issuer, { algorithm: 'oauth2', ...insecure }),
  );
});

afterAll(async () => {
  await http?.close();
});

async function clientCredentials(options: oauth.ClientCredentialsGrantRequestOptions = {}) {
  const response = await oauth.clientCredentialsGrantRequest(
    as,
    client,
    auth,
    new URLSearchParams({ scope: 'read' }),
    { ...insecure, ...options },
  );
  return oauth.processClientCredentialsResponse(as, client, response);
}

describe('private_key_jwt with oauth4webapi', () => {
  test('metadata advertises the method and its algorithms per endpoint', () => {
    for (const endpoint of ['token_endpoint', 'revocation_endpoint', 'introspection_endpoint']) {
      const m = as as Record<string, unknown>;
      expect(m[`${endpoint}_auth_methods_supported`]).toContain('private_key_jwt');
      expect(m[`${endpoint}_auth_signing_alg_values_supported`]).toEqual([
        'RS256',
        'PS256',
        'ES256',
        'EdDSA',
      ]);
    }
  });

  test('token, introspection and revocation endpoints accept PrivateKeyJwt', async () => {
    const { access_token } = await clientCredentials();
    const introspected = await oauth.processIntrospectionResponse(
      as,
      client,
      await oauth.introspectionRequest(as, client, auth, access_token, insecure),
    );
    expect(introspected.active).toBe(true);
    expect(introspected.client_id).toBe(client.client_id);
    await oauth.processRevocationResponse(
      await oauth.revocationRequest(as, client, auth, access_token, insecure),
    );
    const after = await oauth.processIntrospectionResponse(
      as,
      client,
      await oauth.introspectionRequest(as, client, auth, access_token, insecure),
    );
    expect(after.active).toBe(false);
  });

  test('aud may also be the endpoint URL or the token endpoint URL', async () => {
    const withAud = (aud: string) =>
      oauth.PrivateKeyJwt(
        { key: keyPair.privateKey, kid: keyPair.kid },
        {
          [oauth.modifyAssertion]: (_header, payload) => {
            payload.aud = aud;
          },
        },
      );
    const { access_token } = await clientCredentials();
    for (const aud of [as.introspection_endpoint!, as.token_endpoint!]) {
      const response = await oauth.introspectionRequest(
        as,
        client,
        withAud(aud),
        access_token,
        insecure,
      );
      expect(response.status).toBe(200);
    }
    // The revocation endpoint's URL is not an audience of the introspection endpoint.
    const other = await oauth.introspectionRequest(
      as,
      client,
      withAud(as.revocation_endpoint!),
      access_token,
      insecure,
    );
    expect(other.status).toBe(401);
  });

  test('a replayed assertion is invalid_client (rule 36)', async () => {
    let sent: { url: string; body: string } | null = null;
    await clientCredentials({
      [oauth.customFetch]: async (url, init) => {
        sent = { url, body: String(init.body) };
        return fetch(url, init);
      },
    });
    const replay = await fetch(sent!.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: sent!.body,
    });
    expect(replay.status).toBe(401);
    expect(await replay.json()).toMatchObject({ error: 'invalid_client' });
  });

  test('wrong aud, iss or sub, or a too-long exp, is invalid_client at each endpoint', async () => {
    const modifications: ((payload: Record<string, unknown>) => void)[] = [
      (p) => {
        p.aud = 'https://other.example';
      },
      (p) => {
        p.iss = 'someone-else';
      },
      (p) => {
        p.sub = 'someone-else';
      },
      (p) => {
        p.exp = (p.iat as number) + 3_600;
      },
    ];
    for (const modify of modifications) {
      const bad = oauth.PrivateKeyJwt(
        { key: keyPair.privateKey, kid: keyPair.kid },
        { [oauth.modifyAssertion]: (_header, payload) => modify(payload) },
      );
      await expect(
        oauth.processClientCredentialsResponse(
          as,
          client,
          await oauth.clientCredentialsGrantRequest(
            as,
            client,
            bad,
            new URLSearchParams(),
            insecure,
          ),
        ),
      ).rejects.toMatchObject({ error: 'invalid_client', status: 401 });
      const revocation = await oauth.revocationRequest(as, client, bad, 'anything', insecure);
      expect(revocation.status).toBe(401);
      const introspection = await oauth.introspectionRequest(as, client, bad, 'x', insecure);
      expect(introspection.status).toBe(401);
    }
  });
});
