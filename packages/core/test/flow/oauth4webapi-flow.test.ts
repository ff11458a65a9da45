import * as oauth from 'oauth4webapi';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type AuthorizationServer, createAuthorizationServer, type User } from '../../src/index.js';
import { createMemoryStores } from '../../src/testing.js';
import { registerAuthzClient, type TestClient, testUser } from '../helpers.js';
import { type LocalServer, serveWebHandler } from './serve-web-handler.js';

// The whole authorization-code flow driven by a strict reference client (oauth4webapi) over
// real HTTP on 127.0.0.1: discovery, authorization with PKCE (iss and state checked by the
// client), code exchange, resource access, refresh, introspection, revocation.

// oauth4webapi refuses http:// unless told otherwise; the server is on loopback only.
const insecure = { [oauth.allowInsecureRequests]: true } as const;
// Native apps pick their loopback port at run time (RFC 8252 7.3); it differs from the one
// registered, which has none.
const REGISTERED_REDIRECT = 'http://127.0.0.1/cb';
const REDIRECT_URI = 'http://127.0.0.1:43210/cb';

let http: LocalServer;
let server: AuthorizationServer;
let issuer: URL;
let as: oauth.AuthorizationServer;
const stores = createMemoryStores();
/** What the simulated end user answers on the consent page: a user, or `null` to deny. */
let decision: User | null = testUser('henry');
/** A confidential client that introspects for the resource server. */
const RESOURCE_SERVER = 'resource-server';
let resourceServer: TestClient;
/** Every code and token issued in this file, to check that no store keeps one in clear. */
const issued: string[] = [];

async function route(request: Request): Promise<Response> {
  const { pathname } = new URL(request.url);
  switch (pathname) {
    case '/.well-known/oauth-authorization-server':
      return server.createEndpointResponse('metadata', request);
    case '/authorize':
      // What an application does: validate for the consent page, then answer the decision.
      try {
        await server.validateConsentRequest(request, decision);
      } catch (error) {
        return server.createAuthorizationErrorResponse(error, request);
      }
      return server.createAuthorizationResponse(request, decision);
    case '/token':
      return server.createTokenResponse(request);
    case '/revoke':
      return server.createEndpointResponse('revocation', request);
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
  issuer = new URL(http.origin);
  server = createAuthorizationServer({
    ...stores,
    config: { issuer: http.origin, refreshTokenGenerator: true },
    queryUser: async (id) => testUser(id),
    // The resource server introspects every client's tokens; a client, only its own.
    introspection: {
      canIntrospect: (caller, record) =>
        caller.clientId === RESOURCE_SERVER || caller.clientId === record.clientId,
    },
  });
  resourceServer = await registerAuthzClient(stores, {
    clientId: RESOURCE_SERVER,
    grantTypes: ['client_credentials'],
  });
  as = await oauth.processDiscoveryResponse(
    issuer,
    await oauth.discoveryRequest(issuer, { algorithm: 'oauth2', ...insecure }),
  );
});

afterAll(async () => {
  await http?.close();
});

/** The front channel: the browser follows the authorization URL; we read the redirect. */
async function authorize(
  client: oauth.Client,
  extra: Record<string, string> = {},
): Promise<{ callback: URL; state: string; verifier: string }> {
  const verifier = oauth.generateRandomCodeVerifier();
  const state = oauth.generateRandomState();
  const url = new URL(as.authorization_endpoint!);
  url.search = new URLSearchParams({
    client_id: client.client_id,
    redirect_uri: REDIRECT_URI,
    response_type: 'code',
    scope: 'read write',
    code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    ...extra,
  }).toString();
  const response = await fetch(url, { redirect: 'manual' });
  expect(response.status).toBe(302);
  const callback = new URL(response.headers.get('location')!);
  expect(`${callback.origin}${callback.pathname}`).toBe(REDIRECT_URI);
  return { callback, state, verifier };
}

async function codeFlow(client: oauth.Client, auth: oauth.ClientAuth) {
  const { callback, state, verifier } = await authorize(client);
  const params = oauth.validateAuthResponse(as, client, callback, state);
  issued.push(params.get('code')!);
  const response = await oauth.authorizationCodeGrantRequest(
    as,
    client,
    auth,
    params,
    REDIRECT_URI,
    verifier,
    insecure,
  );
  const tokens = await oauth.processAuthorizationCodeResponse(as, client, response);
  issued.push(tokens.access_token, tokens.refresh_token!);
  return { tokens, params, verifier };
}

/** Calls the protected resource; resolves its status and, on a 401, the parsed challenge. */
async function callResource(
  accessToken: string,
): Promise<{ status: number; sub?: string; challenge?: oauth.WWWAuthenticateChallenge[] }> {
  try {
    const response = await oauth.protectedResourceRequest(
      accessToken,
      'GET',
      new URL('/resource', issuer),
      undefined,
      undefined,
      insecure,
    );
    const { sub } = (await response.json()) as { sub: string };
    return { status: response.status, sub };
  } catch (e) {
    // oauth4webapi turns a WWW-Authenticate challenge into this error.
    if (!(e instanceof oauth.WWWAuthenticateChallengeError)) throw e;
    return { status: e.status, challenge: e.cause };
  }
}

async function introspect(client: oauth.Client, auth: oauth.ClientAuth, token: string) {
  return oauth.processIntrospectionResponse(
    as,
    client,
    await oauth.introspectionRequest(as, client, auth, token, insecure),
  );
}

/** Introspection as the resource server does it: a public client may not introspect. */
async function rsIntrospect(token: string) {
  return introspect(
    { client_id: resourceServer.clientId },
    oauth.ClientSecretBasic(resourceServer.secret!),
    token,
  );
}

async function registerFlowClient(metadata: Parameters<typeof registerAuthzClient>[1]) {
  return registerAuthzClient(stores, { redirectUris: [REGISTERED_REDIRECT], ...metadata });
}

describe('oauth4webapi against the core over HTTP', () => {
  test('discovery: the metadata is accepted and points at this server', () => {
    expect(as.issuer).toBe(http.origin);
    expect(as.authorization_endpoint).toBe(`${http.origin}/authorize`);
    expect(as.token_endpoint).toBe(`${http.origin}/token`);
    expect(as.revocation_endpoint).toBe(`${http.origin}/revoke`);
    expect(as.introspection_endpoint).toBe(`${http.origin}/introspect`);
    expect(as.authorization_response_iss_parameter_supported).toBe(true);
    expect(as.code_challenge_methods_supported).toEqual(['S256']);
  });

  test('public client: code + PKCE, resource, refresh with rotation, introspection, revocation', async () => {
    const registered: TestClient = await registerFlowClient({ tokenEndpointAuthMethod: 'none' });
    const client: oauth.Client = { client_id: registered.clientId };
    const auth = oauth.None();
    decision = testUser('henry');

    const { tokens } = await codeFlow(client, auth);
    expect(tokens.token_type).toBe('bearer');
    expect(tokens.scope).toBe('read write');
    expect(tokens.expires_in).toBe(3_600);

    expect(await callResource(tokens.access_token)).toEqual({ status: 200, sub: 'henry' });

    const refreshed = await oauth.processRefreshTokenResponse(
      as,
      client,
      await oauth.refreshTokenGrantRequest(as, client, auth, tokens.refresh_token!, insecure),
    );
    issued.push(refreshed.access_token, refreshed.refresh_token!);
    expect(refreshed.refresh_token).toBeDefined();
    expect(refreshed.refresh_token).not.toBe(tokens.refresh_token);

    // A public client proves nothing with its client_id: introspection refuses it.
    await expect(introspect(client, auth, refreshed.access_token)).rejects.toMatchObject({
      status: 401,
    });
    const active = await rsIntrospect(refreshed.access_token);
    expect(active).toMatchObject({
      active: true,
      client_id: registered.clientId,
      sub: 'henry',
      username: 'name-henry',
      scope: 'read write',
      token_type: 'Bearer',
      iss: http.origin,
    });
    expect((await rsIntrospect(tokens.refresh_token!)).active).toBe(false);

    await oauth.processRevocationResponse(
      await oauth.revocationRequest(as, client, auth, refreshed.refresh_token!, insecure),
    );
    expect(await rsIntrospect(refreshed.access_token)).toEqual({ active: false });
    expect(await callResource(refreshed.access_token)).toEqual({
      status: 401,
      challenge: [{ scheme: 'bearer', parameters: { realm: 'oauthkit', error: 'invalid_token' } }],
    });
  });

  test('confidential client with client_secret_basic and an id that needs form-encoding', async () => {
    const registered = await registerFlowClient({ clientId: 'conf:client id+%/é' });
    const client: oauth.Client = { client_id: registered.clientId };
    const auth = oauth.ClientSecretBasic(registered.secret!);
    decision = testUser('iris');
    const { tokens } = await codeFlow(client, auth);
    expect(await callResource(tokens.access_token)).toEqual({ status: 200, sub: 'iris' });
    // Confidential clients keep their refresh token (no rotation by default).
    const refreshed = await oauth.processRefreshTokenResponse(
      as,
      client,
      await oauth.refreshTokenGrantRequest(as, client, auth, tokens.refresh_token!, insecure),
    );
    issued.push(refreshed.access_token);
    expect(refreshed.refresh_token).toBeUndefined();
    expect(await introspect(client, auth, tokens.refresh_token!)).toMatchObject({
      active: true,
      token_type: 'refresh_token',
      sub: 'iris',
    });
    await oauth.processRevocationResponse(
      await oauth.revocationRequest(as, client, auth, tokens.access_token, insecure),
    );
    expect((await introspect(client, auth, tokens.access_token)).active).toBe(false);
    expect((await introspect(client, auth, refreshed.access_token)).active).toBe(true);
    const wrong = oauth.ClientSecretBasic('not-the-secret');
    // The 401 carries a Basic challenge, which oauth4webapi reports as such.
    await expect(introspect(client, wrong, tokens.access_token)).rejects.toMatchObject({
      status: 401,
      cause: [{ scheme: 'basic', parameters: { realm: 'oauthkit' } }],
    });
  });

  test('a denied request: the client sees access_denied after checking iss and state', async () => {
    const registered = await registerFlowClient({ tokenEndpointAuthMethod: 'none' });
    const client: oauth.Client = { client_id: registered.clientId };
    decision = null;
    const { callback, state } = await authorize(client);
    decision = testUser('henry');
    expect(callback.searchParams.get('iss')).toBe(http.origin);
    let error: unknown;
    try {
      oauth.validateAuthResponse(as, client, callback, state);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(oauth.AuthorizationResponseError);
    expect((error as oauth.AuthorizationResponseError).error).toBe('access_denied');
    // A response whose state was not ours is refused by the client before anything else.
    expect(() => oauth.validateAuthResponse(as, client, callback, 'other-state')).toThrow(/state/);
  });

  test('a validation error reaches the client as an error redirect with iss and state', async () => {
    const registered = await registerFlowClient({ tokenEndpointAuthMethod: 'none' });
    const client: oauth.Client = { client_id: registered.clientId };
    const { callback, state } = await authorize(client, { scope: 'admin' });
    let error: unknown;
    try {
      oauth.validateAuthResponse(as, client, callback, state);
    } catch (e) {
      error = e;
    }
    expect((error as oauth.AuthorizationResponseError).error).toBe('invalid_scope');
  });

  test('a replayed code is refused and revokes the tokens issued from it', async () => {
    const registered = await registerFlowClient({ tokenEndpointAuthMethod: 'none' });
    const client: oauth.Client = { client_id: registered.clientId };
    const auth = oauth.None();
    const { tokens, params, verifier } = await codeFlow(client, auth);
    const replay = await oauth.authorizationCodeGrantRequest(
      as,
      client,
      auth,
      params,
      REDIRECT_URI,
      verifier,
      insecure,
    );
    await expect(oauth.processAuthorizationCodeResponse(as, client, replay)).rejects.toMatchObject({
      error: 'invalid_grant',
      status: 400,
    });
    expect(await rsIntrospect(tokens.access_token)).toEqual({ active: false });
    expect((await callResource(tokens.access_token)).status).toBe(401);
  });

  test('SECURITY 26: after all these flows the stores hold none of the issued values', () => {
    expect(issued.length).toBeGreaterThan(10);
    const dump = JSON.stringify(stores.dump());
    for (const value of issued) expect(dump).not.toContain(value);
  });
});
