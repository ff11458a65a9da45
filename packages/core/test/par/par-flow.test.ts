import { type CryptoKey, exportJWK, generateKeyPair } from 'jose';
import * as oauth from 'oauth4webapi';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  type AuthorizationServer,
  type ClientJwks,
  type ClientMetadata,
  createAuthorizationServer,
  createFetchHandler,
  createPrivateKeyJwtMethod,
  generateId,
} from '../../src/index.js';
import { createMemoryReplayStore, createMemoryStores } from '../../src/testing.js';
import { type LocalServer, serveWebHandler } from '../flow/serve-web-handler.js';
import { registerAuthzClient, type TestClient, testUser } from '../helpers.js';

// RFC 9126 driven by a strict reference client over real HTTP on 127.0.0.1: oauth4webapi's
// pushedAuthorizationRequest, then the authorization request with only client_id and
// request_uri, then the token request; every client authentication method at the PAR
// endpoint; reuse, expiry and another client's request_uri refused (SECURITY.md rule 42).

const insecure = { [oauth.allowInsecureRequests]: true } as const;
const REDIRECT_URI = 'http://127.0.0.1:43210/cb';

let http: LocalServer;
let server: AuthorizationServer;
let as: oauth.AuthorizationServer;
const stores = createMemoryStores();

async function route(request: Request): Promise<Response> {
  const { pathname } = new URL(request.url);
  switch (pathname) {
    case '/.well-known/oauth-authorization-server':
      return server.createEndpointResponse('metadata', request);
    case '/authorize': {
      try {
        await server.validateConsentRequest(request, testUser('par-user'));
      } catch (error) {
        return server.createAuthorizationErrorResponse(error, request);
      }
      return server.createAuthorizationResponse(request, testUser('par-user'));
    }
    case '/par':
      return server.createEndpointResponse('pushed_authorization_request', request);
    case '/token':
      return server.createTokenResponse(request);
    default:
      return new Response('not found', { status: 404 });
  }
}

interface Registered {
  client: oauth.Client;
  auth: oauth.ClientAuth;
}

async function register(
  method: 'client_secret_basic' | 'client_secret_post' | 'none',
  metadata: Partial<ClientMetadata> = {},
): Promise<Registered & { test: TestClient }> {
  const test = await registerAuthzClient(stores, {
    redirectUris: ['http://127.0.0.1/cb'],
    tokenEndpointAuthMethod: method,
    ...metadata,
  });
  const auth =
    method === 'none'
      ? oauth.None()
      : method === 'client_secret_post'
        ? oauth.ClientSecretPost(test.secret!)
        : oauth.ClientSecretBasic(test.secret!);
  return { test, auth, client: { client_id: test.clientId, token_endpoint_auth_method: method } };
}

async function registerPrivateKeyJwt(): Promise<Registered> {
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  const kid = generateId();
  const jwk = { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' };
  const { clientId } = await registerAuthzClient(stores, {
    redirectUris: ['http://127.0.0.1/cb'],
    tokenEndpointAuthMethod: 'private_key_jwt',
    jwks: { keys: [jwk as ClientJwks['keys'][number]] },
  });
  return {
    client: { client_id: clientId, token_endpoint_auth_method: 'private_key_jwt' },
    auth: oauth.PrivateKeyJwt({ key: privateKey as CryptoKey, kid }),
  };
}

beforeAll(async () => {
  http = await serveWebHandler((request) => route(request));
  server = createAuthorizationServer({
    ...stores,
    config: {
      issuer: http.origin,
      refreshTokenGenerator: true,
      pushedAuthorizationRequests: {},
    },
    queryUser: async (id) => testUser(id),
  });
  server.registerClientAuthMethod(
    createPrivateKeyJwtMethod({ replayStore: createMemoryReplayStore() }),
  );
  const issuer = new URL(http.origin);
  as = await oauth.processDiscoveryResponse(
    issuer,
    await oauth.discoveryRequest(issuer, { algorithm: 'oauth2', ...insecure }),
  );
});

afterAll(async () => {
  await http?.close();
});

/** oauth4webapi's pushedAuthorizationRequest: resolves the request_uri and what it pushed. */
async function push(
  { client, auth }: Registered,
  extra: Record<string, string> = {},
): Promise<{ requestUri: string; expiresIn: number; state: string; verifier: string }> {
  const verifier = oauth.generateRandomCodeVerifier();
  const state = oauth.generateRandomState();
  const response = await oauth.pushedAuthorizationRequest(
    as,
    client,
    auth,
    new URLSearchParams({
      redirect_uri: REDIRECT_URI,
      response_type: 'code',
      scope: 'read',
      code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
      ...extra,
    }),
    insecure,
  );
  const result = await oauth.processPushedAuthorizationResponse(as, client, response);
  return { requestUri: result.request_uri, expiresIn: result.expires_in, state, verifier };
}

/** The browser at the authorization endpoint with client_id and request_uri (RFC 9126 4). */
async function authorizeWith(
  clientId: string,
  requestUri: string,
  outer: Record<string, string> = {},
): Promise<Response> {
  const url = new URL(as.authorization_endpoint!);
  url.search = new URLSearchParams({
    ...outer,
    client_id: clientId,
    request_uri: requestUri,
  }).toString();
  return fetch(url, { redirect: 'manual' });
}

async function fullFlow(registered: Registered) {
  const { client, auth } = registered;
  const { requestUri, state, verifier } = await push(registered);
  const response = await authorizeWith(client.client_id, requestUri);
  expect(response.status).toBe(302);
  const callback = new URL(response.headers.get('location')!);
  const params = oauth.validateAuthResponse(as, client, callback, state);
  const tokens = await oauth.processAuthorizationCodeResponse(
    as,
    client,
    await oauth.authorizationCodeGrantRequest(
      as,
      client,
      auth,
      params,
      REDIRECT_URI,
      verifier,
      insecure,
    ),
  );
  return { tokens, requestUri };
}

describe('pushed authorization requests with oauth4webapi', () => {
  test('metadata names the PAR endpoint and whether pushing is required', () => {
    expect(as.pushed_authorization_request_endpoint).toBe(`${http.origin}/par`);
    expect(as.require_pushed_authorization_requests).toBe(false);
    expect(
      (as as Record<string, unknown>).pushed_authorization_request_endpoint_auth_methods_supported,
    ).toEqual(
      expect.arrayContaining([
        'client_secret_basic',
        'client_secret_post',
        'none',
        'private_key_jwt',
      ]),
    );
  });

  for (const method of ['client_secret_basic', 'client_secret_post', 'none'] as const) {
    test(`push, authorize with request_uri, redeem the code (${method})`, async () => {
      const { tokens, requestUri } = await fullFlow(await register(method));
      expect(requestUri).toMatch(/^urn:ietf:params:oauth:request_uri:[A-Za-z0-9_-]{43}$/);
      expect(tokens.scope).toBe('read');
      expect(tokens.access_token).toBeTruthy();
    });
  }

  test('push, authorize with request_uri, redeem the code (private_key_jwt)', async () => {
    const { tokens } = await fullFlow(await registerPrivateKeyJwt());
    expect(tokens.token_type).toBe('bearer');
  });

  test('expires_in is 60 seconds by default and the store keeps only a digest', async () => {
    const registered = await register('client_secret_basic');
    const { requestUri, expiresIn } = await push(registered);
    expect(expiresIn).toBe(60);
    const dump = JSON.stringify(stores.dump());
    expect(dump).not.toContain(requestUri);
    expect(dump).not.toContain(requestUri.slice('urn:ietf:params:oauth:request_uri:'.length));
  });

  test('a request_uri is used once: the second authorization request is an error page', async () => {
    const registered = await register('client_secret_basic');
    const { requestUri } = await push(registered);
    expect((await authorizeWith(registered.client.client_id, requestUri)).status).toBe(302);
    const again = await authorizeWith(registered.client.client_id, requestUri);
    expect(again.status).toBe(400);
    expect(again.headers.get('location')).toBeNull();
    expect(await again.json()).toMatchObject({ error: 'invalid_request_uri' });
  });

  test("another client's request_uri is refused and stays usable by its own client", async () => {
    const owner = await register('client_secret_basic');
    const other = await register('client_secret_basic');
    const { requestUri } = await push(owner);
    const stolen = await authorizeWith(other.client.client_id, requestUri);
    expect(stolen.status).toBe(400);
    expect(stolen.headers.get('location')).toBeNull();
    expect(await stolen.json()).toMatchObject({ error: 'invalid_request_uri' });
    expect((await authorizeWith(owner.client.client_id, requestUri)).status).toBe(302);
  });

  test('an unknown or malformed request_uri is an error page', async () => {
    const registered = await register('client_secret_basic');
    for (const uri of ['urn:ietf:params:oauth:request_uri:nope', 'https://app.example/req']) {
      const response = await authorizeWith(registered.client.client_id, uri);
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ error: 'invalid_request_uri' });
    }
  });

  test('parameters outside the request_uri are ignored (RFC 9126 4)', async () => {
    const registered = await register('client_secret_basic');
    const { requestUri, state } = await push(registered);
    const response = await authorizeWith(registered.client.client_id, requestUri, {
      scope: 'read write',
      state: 'outer-state',
      redirect_uri: 'http://127.0.0.1:9999/elsewhere',
      response_type: 'token',
    });
    expect(response.status).toBe(302);
    const callback = new URL(response.headers.get('location')!);
    expect(`${callback.origin}${callback.pathname}`).toBe(REDIRECT_URI);
    expect(callback.searchParams.get('state')).toBe(state);
    expect(callback.searchParams.get('code')).toBeTruthy();
  });

  test('a client_id other than the one in the pushed request is refused', async () => {
    const registered = await register('client_secret_basic');
    const { requestUri } = await push(registered);
    const response = await authorizeWith('someone-else', requestUri);
    expect(response.status).toBe(400);
    expect(response.headers.get('location')).toBeNull();
  });

  test('errors at the PAR endpoint are JSON, never redirected', async () => {
    const registered = await register('client_secret_basic');
    const post = (body: Record<string, string>) =>
      fetch(`${http.origin}/par`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          authorization: `Basic ${Buffer.from(`${registered.test.clientId}:${registered.test.secret}`).toString('base64')}`,
        },
        body: new URLSearchParams(body),
      });
    const base = {
      redirect_uri: REDIRECT_URI,
      response_type: 'code',
      code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGjSstw-cM',
      code_challenge_method: 'S256',
    };
    const cases: [Record<string, string>, string][] = [
      [{ ...base, scope: 'admin' }, 'invalid_scope'],
      [{ ...base, response_type: 'token' }, 'unsupported_response_type'],
      [{ ...base, redirect_uri: 'https://evil.example/cb' }, 'invalid_request'],
      [{ ...base, request_uri: 'urn:ietf:params:oauth:request_uri:x' }, 'invalid_request'],
      [{ ...base, code_challenge_method: 'plain' }, 'invalid_request'],
    ];
    for (const [body, error] of cases) {
      const response = await post(body);
      expect(response.status, error).toBe(400);
      expect(response.headers.get('location')).toBeNull();
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(await response.json()).toMatchObject({ error });
    }
    const unauthenticated = await fetch(`${http.origin}/par`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ ...base, client_id: registered.test.clientId }),
    });
    expect(unauthenticated.status).toBe(401);
    expect(await unauthenticated.json()).toMatchObject({ error: 'invalid_client' });
  });

  test('a client registered with requirePushedAuthorizationRequests cannot skip PAR', async () => {
    const registered = await register('client_secret_basic', {
      requirePushedAuthorizationRequests: true,
    });
    const url = new URL(as.authorization_endpoint!);
    url.search = new URLSearchParams({
      client_id: registered.client.client_id,
      redirect_uri: REDIRECT_URI,
      response_type: 'code',
      code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGjSstw-cM',
      code_challenge_method: 'S256',
      state: 's',
    }).toString();
    const response = await fetch(url, { redirect: 'manual' });
    expect(response.status).toBe(302);
    const callback = new URL(response.headers.get('location')!);
    expect(callback.searchParams.get('error')).toBe('invalid_request');
    expect(callback.searchParams.get('iss')).toBe(http.origin);
    // Pushed, the same client is served.
    expect((await fullFlow(registered)).tokens.access_token).toBeTruthy();
  });
});

describe('request_uri lifetime and the server-wide requirement', () => {
  test('an expired request_uri is refused', async () => {
    const memory = createMemoryStores();
    const local = createAuthorizationServer({
      ...memory,
      config: {
        issuer: 'https://as.example',
        pushedAuthorizationRequests: { expiresIn: 1, required: true },
      },
    });
    const client = await registerAuthzClient(memory, {
      redirectUris: ['https://app.example/cb'],
      tokenEndpointAuthMethod: 'none',
    });
    const pushed = await local.createEndpointResponse(
      'pushed_authorization_request',
      new Request('https://as.example/par', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          client_id: client.clientId,
          response_type: 'code',
          redirect_uri: 'https://app.example/cb',
          code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGjSstw-cM',
          code_challenge_method: 'S256',
        }),
      }),
    );
    expect(pushed.status).toBe(201);
    const { request_uri, expires_in } = await pushed.json();
    expect(expires_in).toBe(1);
    expect((await local.metadata()).require_pushed_authorization_requests).toBe(true);
    const authorize = () =>
      local.createAuthorizationResponse(
        new Request(
          `https://as.example/authorize?${new URLSearchParams({ client_id: client.clientId, request_uri })}`,
        ),
        testUser(),
      );
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const response = await authorize();
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'invalid_request_uri' });
  });

  test('PAR is routed by the Fetch handler at /par', async () => {
    const memory = createMemoryStores();
    const local = createAuthorizationServer({
      ...memory,
      config: { issuer: 'https://as.example', pushedAuthorizationRequests: {} },
    });
    const client = await registerAuthzClient(memory, {
      redirectUris: ['https://app.example/cb'],
      tokenEndpointAuthMethod: 'none',
    });
    const handler = createFetchHandler(local);
    const response = await handler(
      new Request('https://as.example/par', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          client_id: client.clientId,
          response_type: 'code',
          code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGjSstw-cM',
          code_challenge_method: 'S256',
        }),
      }),
    );
    expect(response.status).toBe(201);
  });

  test('the PAR endpoint needs a pushedRequests store, checked at start-up', () => {
    const { pushedRequests: _, ...withoutPar } = createMemoryStores();
    expect(() =>
      createAuthorizationServer({
        ...withoutPar,
        config: { issuer: 'https://as.example', pushedAuthorizationRequests: {} },
      }),
    ).toThrow(/pushedRequests store/);
  });
});
