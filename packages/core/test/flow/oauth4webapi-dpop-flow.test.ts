import * as oauth from 'oauth4webapi';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type AuthorizationServer, createAuthorizationServer } from '../../src/index.js';
import { generateSigningJwk } from '../../src/keys/generate-signing-jwk.js';
import { createSigningKeySet } from '../../src/keys/signing-key-set.js';
import { createMemoryStores } from '../../src/testing.js';
import { registerAuthzClient, testUser } from '../helpers.js';
import { type LocalServer, serveWebHandler } from './serve-web-handler.js';

// DPoP (RFC 9449) driven by oauth4webapi's DPoP handle over real HTTP on 127.0.0.1: code
// bound with dpop_jkt, token request, refresh, a protected resource, with server nonces,
// so every first attempt meets use_dpop_nonce and is retried with the nonce it was given.

const insecure = { [oauth.allowInsecureRequests]: true } as const;
const REDIRECT_URI = 'http://127.0.0.1/cb';

let http: LocalServer;
let server: AuthorizationServer;
let as: oauth.AuthorizationServer;
const stores = createMemoryStores();
const RESOURCE_SERVER = 'resource-server';
let rsSecret: string;

async function route(request: Request): Promise<Response> {
  const { pathname } = new URL(request.url);
  switch (pathname) {
    case '/.well-known/oauth-authorization-server':
      return server.createEndpointResponse('metadata', request);
    case '/authorize':
      return server.createAuthorizationResponse(request, testUser('dora'));
    case '/token':
      return server.createTokenResponse(request);
    case '/introspect':
      return server.createEndpointResponse('introspection', request);
    case '/resource': {
      const result = await server.createResourceProtector().protectWebRequest(request, ['read']);
      if (!result.ok) return result.response;
      return Response.json({ sub: result.token.getUserId() });
    }
    default:
      return new Response('not found', { status: 404 });
  }
}

beforeAll(async () => {
  http = await serveWebHandler((request) => route(request));
  server = createAuthorizationServer({
    ...stores,
    config: { issuer: http.origin, refreshTokenGenerator: true, accessTokenFormat: 'jwt' },
    signingKeys: await createSigningKeySet([await generateSigningJwk('ES256', { kid: 'k' })]),
    queryUser: async (id) => testUser(id),
    introspection: { canIntrospect: (caller) => caller.clientId === RESOURCE_SERVER },
    dpop: { nonce: true },
  });
  rsSecret = (
    await registerAuthzClient(stores, {
      clientId: RESOURCE_SERVER,
      grantTypes: ['client_credentials'],
    })
  ).secret!;
  const issuer = new URL(http.origin);
  as = await oauth.processDiscoveryResponse(
    issuer,
    await oauth.discoveryRequest(issuer, { algorithm: 'oauth2', ...insecure }),
  );
});

afterAll(async () => {
  await http?.close();
});

/** Runs `attempt` once more when the server answers use_dpop_nonce (RFC 9449 8). */
async function withNonceRetry<T>(attempt: () => Promise<T>, seen: { nonceErrors: number }) {
  try {
    return await attempt();
  } catch (e) {
    if (!oauth.isDPoPNonceError(e)) throw e;
    seen.nonceErrors++;
    return attempt();
  }
}

/** The code exchange of `authorize`'s answer, with `DPoP` proofs and one nonce retry. */
function exchangeCode(
  client: oauth.Client,
  auth: oauth.ClientAuth,
  { params, verifier }: { params: URLSearchParams; verifier: string },
  DPoP: oauth.DPoPHandle,
  seen: { nonceErrors: number },
) {
  return withNonceRetry(
    async () =>
      oauth.processAuthorizationCodeResponse(
        as,
        client,
        await oauth.authorizationCodeGrantRequest(
          as,
          client,
          auth,
          params,
          REDIRECT_URI,
          verifier,
          { DPoP, ...insecure },
        ),
      ),
    seen,
  );
}

async function authorize(client: oauth.Client, DPoP: oauth.DPoPHandle) {
  const verifier = oauth.generateRandomCodeVerifier();
  const url = new URL(as.authorization_endpoint!);
  url.search = new URLSearchParams({
    client_id: client.client_id,
    redirect_uri: REDIRECT_URI,
    response_type: 'code',
    scope: 'read',
    code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    dpop_jkt: await DPoP.calculateThumbprint(),
  }).toString();
  const response = await fetch(url, { redirect: 'manual' });
  expect(response.status).toBe(302);
  const params = oauth.validateAuthResponse(
    as,
    client,
    new URL(response.headers.get('location')!),
    oauth.expectNoState,
  );
  return { params, verifier };
}

describe('oauth4webapi DPoP handle against the core over HTTP', () => {
  test('the metadata names the proof algorithms', () => {
    expect(as.dpop_signing_alg_values_supported).toEqual([
      'ES256',
      'PS256',
      'RS256',
      'EdDSA',
      'Ed25519',
    ]);
  });

  test('public client: dpop_jkt, code exchange, resource, refresh, each after a nonce round', async () => {
    const registered = await registerAuthzClient(stores, {
      redirectUris: [REDIRECT_URI],
      tokenEndpointAuthMethod: 'none',
      dpopBoundAccessTokens: true,
    });
    const client: oauth.Client = { client_id: registered.clientId };
    const DPoP = oauth.DPoP(client, await oauth.generateKeyPair('ES256'));
    const jkt = await DPoP.calculateThumbprint();
    const seen = { nonceErrors: 0 };

    const { params, verifier } = await authorize(client, DPoP);
    const tokens = await exchangeCode(client, oauth.None(), { params, verifier }, DPoP, seen);
    expect(seen.nonceErrors).toBe(1);
    expect(tokens.token_type).toBe('dpop');
    // RFC 9068 + RFC 9449 6.1: the JWT access token carries the key's thumbprint.
    const claims = JSON.parse(
      Buffer.from(tokens.access_token.split('.')[1]!, 'base64url').toString(),
    );
    expect(claims.cnf).toEqual({ jkt });

    // The resource: the handle's nonce (from the token endpoint) is accepted here too.
    const resource = async (DPoPHandle: oauth.DPoPHandle, token = tokens.access_token) => {
      const response = await withNonceRetry(
        () =>
          oauth.protectedResourceRequest(
            token,
            'GET',
            new URL('/resource', http.origin),
            undefined,
            undefined,
            { DPoP: DPoPHandle, ...insecure },
          ),
        seen,
      );
      return { status: response.status, body: await response.json() };
    };
    expect(await resource(DPoP)).toEqual({ status: 200, body: { sub: 'dora' } });

    const introspected = await oauth.processIntrospectionResponse(
      as,
      { client_id: RESOURCE_SERVER },
      await oauth.introspectionRequest(
        as,
        { client_id: RESOURCE_SERVER },
        oauth.ClientSecretBasic(rsSecret),
        tokens.access_token,
        insecure,
      ),
    );
    expect(introspected).toMatchObject({ active: true, token_type: 'DPoP', cnf: { jkt } });

    const refreshed = await withNonceRetry(
      async () =>
        oauth.processRefreshTokenResponse(
          as,
          client,
          await oauth.refreshTokenGrantRequest(as, client, oauth.None(), tokens.refresh_token!, {
            DPoP,
            ...insecure,
          }),
        ),
      seen,
    );
    expect(refreshed.token_type).toBe('dpop');
    expect(refreshed.refresh_token).not.toBe(tokens.refresh_token);
    expect(await resource(DPoP, refreshed.access_token)).toEqual({
      status: 200,
      body: { sub: 'dora' },
    });

    // RFC 9449 5: a public client's refresh token is bound: another key cannot refresh it.
    const other = oauth.DPoP(client, await oauth.generateKeyPair('ES256'));
    const stolen = withNonceRetry(
      async () =>
        oauth.processRefreshTokenResponse(
          as,
          client,
          await oauth.refreshTokenGrantRequest(as, client, oauth.None(), refreshed.refresh_token!, {
            DPoP: other,
            ...insecure,
          }),
        ),
      seen,
    );
    await expect(stolen).rejects.toMatchObject({ error: 'invalid_grant' });
    // And the token is refused with another key's proof (rule 37).
    await expect(resource(other, refreshed.access_token)).rejects.toMatchObject({
      status: 401,
      cause: [{ scheme: 'dpop', parameters: { error: 'invalid_token' } }],
    });
  });

  test('a code bound with dpop_jkt cannot be redeemed with another key', async () => {
    const registered = await registerAuthzClient(stores, {
      redirectUris: [REDIRECT_URI],
      tokenEndpointAuthMethod: 'none',
    });
    const client: oauth.Client = { client_id: registered.clientId };
    const DPoP = oauth.DPoP(client, await oauth.generateKeyPair('ES256'));
    const { params, verifier } = await authorize(client, DPoP);
    const thief = oauth.DPoP(client, await oauth.generateKeyPair('ES256'));
    const attempt = exchangeCode(client, oauth.None(), { params, verifier }, thief, {
      nonceErrors: 0,
    });
    await expect(attempt).rejects.toMatchObject({ error: 'invalid_grant' });
  });

  test('confidential client: the access token follows the refresh request’s key', async () => {
    const registered = await registerAuthzClient(stores, { redirectUris: [REDIRECT_URI] });
    const client: oauth.Client = { client_id: registered.clientId };
    const auth = oauth.ClientSecretBasic(registered.secret!);
    const DPoP = oauth.DPoP(client, await oauth.generateKeyPair('ES256'));
    const { params, verifier } = await authorize(client, DPoP);
    const seen = { nonceErrors: 0 };
    const tokens = await exchangeCode(client, auth, { params, verifier }, DPoP, seen);
    const rotated = oauth.DPoP(client, await oauth.generateKeyPair('ES256'));
    const refreshed = await withNonceRetry(
      async () =>
        oauth.processRefreshTokenResponse(
          as,
          client,
          await oauth.refreshTokenGrantRequest(as, client, auth, tokens.refresh_token!, {
            DPoP: rotated,
            ...insecure,
          }),
        ),
      seen,
    );
    const claims = JSON.parse(
      Buffer.from(refreshed.access_token.split('.')[1]!, 'base64url').toString(),
    );
    expect(claims.cnf).toEqual({ jkt: await rotated.calculateThumbprint() });
  });
});
