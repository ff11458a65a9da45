import { type CryptoKey, exportJWK, generateKeyPair } from 'jose';
import * as oauth from 'oauth4webapi';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  type AuthorizationServer,
  type AuthorizationServerConfig,
  type ClientJwks,
  createAuthorizationServer,
  createImplicitGrant,
  createPasswordGrant,
  createPrivateKeyJwtMethod,
  createSigningKeySet,
  generateId,
  generateSigningJwk,
} from '../../src/index.js';
import { createMemoryReplayStore, createMemoryStores } from '../../src/testing.js';
import { type LocalServer, serveWebHandler } from '../flow/serve-web-handler.js';
import { registerAuthzClient, type TestClient, testUser } from '../helpers.js';

// profile: 'fapi2' (FAPI 2.0 Security Profile): the whole flow with oauth4webapi
// (private_key_jwt, PAR, PKCE S256, iss, DPoP-bound access token), then one test per rule of the profile, each
// broken on purpose and refused with a clear error.

const insecure = { [oauth.allowInsecureRequests]: true } as const;
const REDIRECT_URI = 'http://127.0.0.1:43210/cb';
const CHALLENGE = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGjSstw-cM';

let http: LocalServer;
let server: AuthorizationServer;
let as: oauth.AuthorizationServer;
const stores = createMemoryStores();
let client: oauth.Client;
let auth: oauth.ClientAuth;
let secretClient: TestClient;
let publicClient: TestClient;

async function route(request: Request): Promise<Response> {
  const { pathname } = new URL(request.url);
  switch (pathname) {
    case '/.well-known/oauth-authorization-server':
      return server.createEndpointResponse('metadata', request);
    case '/authorize':
      try {
        await server.validateConsentRequest(request, testUser('fapi-user'));
      } catch (error) {
        return server.createAuthorizationErrorResponse(error, request);
      }
      return server.createAuthorizationResponse(request, testUser('fapi-user'));
    case '/par':
      return server.createEndpointResponse('pushed_authorization_request', request);
    case '/token':
      return server.createTokenResponse(request);
    default:
      return new Response('not found', { status: 404 });
  }
}

beforeAll(async () => {
  http = await serveWebHandler((request) => route(request));
  server = createAuthorizationServer({
    ...stores,
    config: { issuer: http.origin, profile: 'fapi2' },
    queryUser: async (id) => testUser(id),
  });
  server.registerClientAuthMethod(
    createPrivateKeyJwtMethod({ replayStore: createMemoryReplayStore() }),
  );
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  const kid = generateId();
  const jwk = { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' };
  const registered = await registerAuthzClient(stores, {
    redirectUris: ['http://127.0.0.1/cb'],
    tokenEndpointAuthMethod: 'private_key_jwt',
    jwks: { keys: [jwk as ClientJwks['keys'][number]] },
  });
  client = { client_id: registered.clientId, token_endpoint_auth_method: 'private_key_jwt' };
  auth = oauth.PrivateKeyJwt({ key: privateKey as CryptoKey, kid });
  secretClient = await registerAuthzClient(stores, { redirectUris: ['http://127.0.0.1/cb'] });
  publicClient = await registerAuthzClient(stores, {
    redirectUris: ['http://127.0.0.1/cb'],
    tokenEndpointAuthMethod: 'none',
  });
  const issuer = new URL(http.origin);
  as = await oauth.processDiscoveryResponse(
    issuer,
    await oauth.discoveryRequest(issuer, { algorithm: 'oauth2', ...insecure }),
  );
});

afterAll(async () => {
  await http?.close();
});

function pushParams(extra: Record<string, string | undefined> = {}): URLSearchParams {
  const params: Record<string, string> = {};
  const all = {
    redirect_uri: REDIRECT_URI,
    response_type: 'code',
    scope: 'read',
    code_challenge: CHALLENGE,
    code_challenge_method: 'S256',
    ...extra,
  };
  for (const [k, v] of Object.entries(all)) if (v !== undefined) params[k] = v;
  return new URLSearchParams(params);
}

async function pushRaw(params: URLSearchParams, clientAuth = auth, c = client) {
  return oauth.pushedAuthorizationRequest(as, c, clientAuth, params, insecure);
}

async function authorize(query: Record<string, string>): Promise<Response> {
  const url = new URL(as.authorization_endpoint!);
  url.search = new URLSearchParams(query).toString();
  return fetch(url, { redirect: 'manual' });
}

/** A code for `client`, through PAR and the authorization endpoint, and its PKCE verifier. */
async function pushedCode(): Promise<{ params: URLSearchParams; verifier: string }> {
  const verifier = oauth.generateRandomCodeVerifier();
  const state = oauth.generateRandomState();
  const pushed = await oauth.processPushedAuthorizationResponse(
    as,
    client,
    await pushRaw(
      pushParams({ code_challenge: await oauth.calculatePKCECodeChallenge(verifier), state }),
    ),
  );
  const response = await authorize({
    client_id: client.client_id,
    request_uri: pushed.request_uri,
  });
  expect(response.status).toBe(302);
  const callback = new URL(response.headers.get('location')!);
  // oauth4webapi checks iss against the metadata's issuer (RFC 9207).
  return { params: oauth.validateAuthResponse(as, client, callback, state), verifier };
}

describe('profile fapi2: the flow with oauth4webapi', () => {
  test('PAR with private_key_jwt, authorization with request_uri, DPoP-bound token', async () => {
    const { params, verifier } = await pushedCode();
    const dpopKeys = await oauth.generateKeyPair('ES256');
    const tokens = await oauth.processAuthorizationCodeResponse(
      as,
      client,
      await oauth.authorizationCodeGrantRequest(as, client, auth, params, REDIRECT_URI, verifier, {
        ...insecure,
        DPoP: oauth.DPoP(client, dpopKeys),
      }),
    );
    expect(tokens.access_token).toBeTruthy();
    expect(tokens.token_type).toBe('dpop');
  });
});

describe('profile fapi2: each rule, broken', () => {
  test('PAR required: an authorization request that was not pushed is refused', async () => {
    expect(as.require_pushed_authorization_requests).toBe(true);
    const response = await authorize({
      client_id: client.client_id,
      redirect_uri: REDIRECT_URI,
      response_type: 'code',
      code_challenge: CHALLENGE,
      code_challenge_method: 'S256',
      state: 'st',
    });
    expect(response.status).toBe(302);
    const callback = new URL(response.headers.get('location')!);
    expect(callback.searchParams.get('error')).toBe('invalid_request');
    expect(callback.searchParams.get('error_description')).toMatch(/pushed/);
    expect(callback.searchParams.get('code')).toBeNull();
    expect(() => configured({ pushedAuthorizationRequests: { required: false } })).toThrow(
      /pushedAuthorizationRequests.required contradicts profile "fapi2"/,
    );
  });

  test('PKCE required for confidential clients, S256 only', async () => {
    const missing = await pushRaw(
      pushParams({ code_challenge: undefined, code_challenge_method: undefined }),
    );
    expect(missing.status).toBe(400);
    expect(await missing.json()).toMatchObject({
      error: 'invalid_request',
      error_description: 'This client must send a PKCE code_challenge.',
    });
    const plain = await pushRaw(pushParams({ code_challenge_method: 'plain' }));
    expect(plain.status).toBe(400);
    expect(await plain.json()).toMatchObject({
      error: 'invalid_request',
      error_description: 'The code_challenge_method is not supported.',
    });
    expect(as.code_challenge_methods_supported).toEqual(['S256']);
    expect(() => configured({ pkceMethods: ['S256', 'plain'] })).toThrow(/only "S256"/);
    expect(() => configured({ requirePkceForConfidentialClients: false })).toThrow(
      /PKCE is required/,
    );
  });

  test('private_key_jwt only: client secrets and public clients are refused', async () => {
    expect(
      (as as Record<string, unknown>).pushed_authorization_request_endpoint_auth_methods_supported,
    ).toEqual(['private_key_jwt']);
    expect(as.token_endpoint_auth_methods_supported).toEqual(['private_key_jwt']);
    const basic = await pushRaw(pushParams(), oauth.ClientSecretBasic(secretClient.secret!), {
      client_id: secretClient.clientId,
    });
    expect(basic.status).toBe(401);
    expect(await basic.json()).toMatchObject({
      error: 'invalid_client',
      error_description: 'This client authentication method is not accepted here.',
    });
    const none = await pushRaw(pushParams(), oauth.None(), { client_id: publicClient.clientId });
    expect(none.status).toBe(401);
    expect(await none.json()).toMatchObject({ error: 'invalid_client' });
    const token = await fetch(as.token_endpoint!, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: secretClient.clientId,
        client_secret: secretClient.secret!,
      }),
    });
    expect(token.status).toBe(401);
    expect(await token.json()).toMatchObject({ error: 'invalid_client' });
  });

  test('iss on every authorization response, errors included', async () => {
    expect(as.authorization_response_iss_parameter_supported).toBe(true);
    const pushed = await oauth.processPushedAuthorizationResponse(
      as,
      client,
      await pushRaw(pushParams()),
    );
    const ok = await authorize({ client_id: client.client_id, request_uri: pushed.request_uri });
    expect(new URL(ok.headers.get('location')!).searchParams.get('iss')).toBe(http.origin);
    const refused = await authorize({
      client_id: client.client_id,
      redirect_uri: REDIRECT_URI,
      response_type: 'code',
    });
    expect(new URL(refused.headers.get('location')!).searchParams.get('iss')).toBe(http.origin);
  });

  test('no implicit: response_type=token is refused at PAR, and cannot be registered', async () => {
    const response = await pushRaw(pushParams({ response_type: 'token' }));
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'unsupported_response_type' });
    expect(() => configured({}, { grants: [createImplicitGrant()] })).toThrow(
      /response_type "token" is not allowed under profile "fapi2"/,
    );
    const signingKeys = await createSigningKeySet([await generateSigningJwk('ES256')]);
    expect(() =>
      configured({}, { signingKeys, openid: { implicit: true, findClaims: async () => ({}) } }),
    ).toThrow(/response_type "id_token" is not allowed under profile "fapi2"/);
  });

  test('no password grant: it cannot be registered, before or after start-up', () => {
    const password = createPasswordGrant({ authenticateUser: async () => null });
    expect(() => configured({}, { grants: [password] })).toThrow(
      /password grant is not allowed under profile "fapi2"/,
    );
    expect(() => server.registerGrant(password)).toThrow(/password grant is not allowed/);
  });

  test('authorization codes live at most 60 seconds', async () => {
    expect(server.config.authorizationCodeExpiresIn).toBe(60);
    const pushed = await oauth.processPushedAuthorizationResponse(
      as,
      client,
      await pushRaw(pushParams()),
    );
    await authorize({ client_id: client.client_id, request_uri: pushed.request_uri });
    const code = stores.dump().codes.at(-1)!;
    expect(code.expiresAt.getTime() - code.issuedAt.getTime()).toBe(60_000);
    expect(() => configured({ authorizationCodeExpiresIn: 61 })).toThrow(
      /authorizationCodeExpiresIn contradicts profile "fapi2": at most 60 seconds/,
    );
    expect(configured({ authorizationCodeExpiresIn: 30 }).config.authorizationCodeExpiresIn).toBe(
      30,
    );
  });

  test('redirect_uri required, even with one registered redirect URI', async () => {
    const response = await pushRaw(pushParams({ redirect_uri: undefined }));
    expect(response.status).toBe(400);
    expect(response.headers.get('location')).toBeNull();
    expect(await response.json()).toMatchObject({
      error: 'invalid_request',
      error_description: 'The redirect_uri parameter is required.',
    });
  });

  test('sender-constrained access tokens: a token request without a DPoP proof is refused', async () => {
    expect(as.dpop_signing_alg_values_supported).toEqual(['PS256', 'ES256', 'EdDSA', 'Ed25519']);
    const { params, verifier } = await pushedCode();
    const bearer = await oauth.authorizationCodeGrantRequest(
      as,
      client,
      auth,
      params,
      REDIRECT_URI,
      verifier,
      insecure,
    );
    expect(bearer.status).toBe(400);
    expect(await bearer.json()).toMatchObject({ error: 'invalid_dpop_proof' });
    expect(stores.dump().tokens.filter((t) => t.clientId === client.client_id)).toHaveLength(1);
    expect(() => configured({}, { dpop: { required: false } })).toThrow(
      /options.dpop.required contradicts profile "fapi2"/,
    );
    expect(() => configured({}, { dpop: { algorithms: ['ES256', 'RS256'] } })).toThrow(
      /RS256 is not allowed \(FAPI 2.0 5.4.1/,
    );
  });

  test('request_uri lifetime under 600 seconds; an unknown profile is a TypeError', () => {
    expect(() => configured({ pushedAuthorizationRequests: { expiresIn: 600 } })).toThrow(
      /under 600 seconds/,
    );
    expect(() => configured({ profile: 'fapi1' as 'fapi2' })).toThrow(
      /config.profile must be "fapi2"/,
    );
  });
});

function configured(
  config: Partial<AuthorizationServerConfig>,
  options: Partial<Parameters<typeof createAuthorizationServer>[0]> = {},
): AuthorizationServer {
  return createAuthorizationServer({
    ...createMemoryStores(),
    ...options,
    config: { issuer: 'https://as.example', profile: 'fapi2', ...config },
  });
}
