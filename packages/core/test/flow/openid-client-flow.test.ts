import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  type AuthorizationServer,
  createAuthorizationServer,
  createFetchHandler,
  createSigningKeySet,
  generateSigningJwk,
  type SigningKeySet,
  type User,
} from '../../src/index.js';
import { createMemoryStores } from '../../src/testing.js';
import { registerAuthzClient, type TestClient, testUser } from '../helpers.js';
import { type LocalServer, serveWebHandler } from './serve-web-handler.js';

// OpenID Connect Core 1.0 driven by a certified relying party library (openid-client) over
// real HTTP on 127.0.0.1: discovery, the code flow with PKCE and nonce, the ID token checked
// against the published JWKS, UserInfo, refresh with a new ID token, signing key rotation,
// prompt=none, max_age=0, and a wrong nonce.

const REGISTERED_REDIRECT = 'http://127.0.0.1/cb';
const REDIRECT_URI = 'http://127.0.0.1:43210/cb';
const PROFILE = { name: 'Henry Example', email: 'henry@example.com', email_verified: true };

let http: LocalServer;
let server: AuthorizationServer;
let handler: (request: Request) => Promise<Response>;
let issuer: URL;
const stores = createMemoryStores();
let client: TestClient;
let config: oidc.Configuration;
const [first, second] = await Promise.all([
  generateSigningJwk('ES256'),
  generateSigningJwk('ES256'),
]);

/** The simulated browser session at the authorization server: who is signed in, since when. */
let session: { user: User; authTime: number } | null = null;
/** How many times the simulated end user signed in. */
let logins = 0;

const now = () => Math.floor(Date.now() / 1000);

/** (Re)starts the server over the same stores with `keys`: a deployment rolling its keys. */
function start(keys: SigningKeySet): void {
  server = createAuthorizationServer({
    ...stores,
    config: { issuer: issuer.href.replace(/\/$/, ''), refreshTokenGenerator: true },
    queryUser: async (id) => testUser(id),
    signingKeys: keys,
    openid: { findClaims: () => PROFILE },
  });
  handler = createFetchHandler(server);
}

/**
 * The authorization endpoint as an application serves it with the consent API: validate with
 * what the session says; sign the user in when there is no session or a login is demanded;
 * approve (the user always consents here) with the sign-in time.
 */
async function authorizeEndpoint(request: Request): Promise<Response> {
  const interaction = session
    ? { session: { authTime: session.authTime, consentGiven: true } }
    : {};
  let authorization: Awaited<ReturnType<AuthorizationServer['validateConsentRequest']>>;
  try {
    authorization = await server.validateConsentRequest(
      request,
      session?.user ?? null,
      interaction,
    );
  } catch (error) {
    return server.createAuthorizationErrorResponse(error, request);
  }
  if (!session || authorization.openid?.decision.action === 'login') {
    logins++;
    session = { user: testUser('henry'), authTime: now() };
    return server.createAuthorizationResponse(request, session.user, {
      completed: { login: true },
      session: { consentGiven: true },
      extensions: { authTime: session.authTime },
    });
  }
  return server.createAuthorizationResponse(request, session.user, {
    ...interaction,
    extensions: { authTime: session.authTime },
  });
}

beforeAll(async () => {
  http = await serveWebHandler((request) =>
    new URL(request.url).pathname === '/authorize' ? authorizeEndpoint(request) : handler(request),
  );
  issuer = new URL(http.origin);
  start(await createSigningKeySet([first!]));
  client = await registerAuthzClient(stores, {
    redirectUris: [REGISTERED_REDIRECT],
    scope: 'openid profile email',
  });
  config = await oidc.discovery(
    issuer,
    client.clientId,
    undefined,
    oidc.ClientSecretBasic(client.secret!),
    { execute: [oidc.allowInsecureRequests] },
  );
});

afterAll(async () => {
  await http?.close();
});

/** The front channel: follow the authorization URL as a browser would; return the callback. */
async function authorize(extra: Record<string, string> = {}) {
  const verifier = oidc.randomPKCECodeVerifier();
  const nonce = oidc.randomNonce();
  const state = oidc.randomState();
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: REDIRECT_URI,
    scope: 'openid profile email',
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    nonce,
    state,
    ...extra,
  });
  const response = await fetch(url, { redirect: 'manual' });
  expect(response.status).toBe(302);
  const callback = new URL(response.headers.get('location')!);
  expect(`${callback.origin}${callback.pathname}`).toBe(REDIRECT_URI);
  return { callback, verifier, nonce, state };
}

async function codeFlow(extra: Record<string, string> = {}, maxAge?: number) {
  const { callback, verifier, nonce, state } = await authorize(extra);
  return oidc.authorizationCodeGrant(config, callback, {
    pkceCodeVerifier: verifier,
    expectedNonce: nonce,
    expectedState: state,
    idTokenExpected: true,
    ...(maxAge !== undefined ? { maxAge } : {}),
  });
}

describe('openid-client against the server', () => {
  test('discovery: the OpenID Provider configuration', () => {
    const metadata = config.serverMetadata();
    expect(metadata.issuer).toBe(http.origin);
    expect(metadata.userinfo_endpoint).toBe(`${http.origin}/userinfo`);
    expect(metadata.jwks_uri).toBe(`${http.origin}/jwks`);
    expect(metadata.id_token_signing_alg_values_supported).toEqual(['ES256']);
    expect(metadata.scopes_supported).toContain('openid');
  });

  test('code flow with PKCE and nonce: the ID token is checked by the client; UserInfo answers for its sub', async () => {
    const tokens = await codeFlow();
    const claims = tokens.claims()!;
    expect(claims.sub).toBe('henry');
    expect(claims.aud).toBe(client.clientId);
    expect(typeof claims.auth_time).toBe('number');
    const info = await oidc.fetchUserInfo(config, tokens.access_token, claims.sub);
    expect(info).toEqual({ sub: 'henry', ...PROFILE });
  });

  test('refresh: a new ID token with the same sub and auth_time', async () => {
    const tokens = await codeFlow();
    const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token!);
    expect(refreshed.id_token).toBeDefined();
    expect(refreshed.id_token).not.toBe(tokens.id_token);
    expect(refreshed.claims()!.sub).toBe(tokens.claims()!.sub);
    expect(refreshed.claims()!.auth_time).toBe(tokens.claims()!.auth_time);
  });

  test('a wrong nonce is caught by the client', async () => {
    const { callback, verifier, state } = await authorize();
    const error = await oidc
      .authorizationCodeGrant(config, callback, {
        pkceCodeVerifier: verifier,
        expectedNonce: oidc.randomNonce(),
        expectedState: state,
      })
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(error).toMatchObject({ code: 'OAUTH_JWT_CLAIM_COMPARISON_FAILED' });
    // The comparison that failed is the nonce's (the cause chain names the claim).
    const claims: unknown[] = [];
    for (let e: unknown = error; e instanceof Object; e = (e as { cause?: unknown }).cause) {
      claims.push((e as { claim?: unknown }).claim);
    }
    expect(claims).toContain('nonce');
  });

  test('prompt=none without a session: login_required at the redirect URI', async () => {
    session = null;
    const { callback, verifier, nonce, state } = await authorize({ prompt: 'none' });
    expect(callback.searchParams.get('error')).toBe('login_required');
    expect(callback.searchParams.get('state')).toBe(state);
    expect(callback.searchParams.get('iss')).toBe(http.origin);
    await expect(
      oidc.authorizationCodeGrant(config, callback, {
        pkceCodeVerifier: verifier,
        expectedNonce: nonce,
        expectedState: state,
      }),
    ).rejects.toMatchObject({ error: 'login_required' });
  });

  test('max_age=0 forces a new login: a later auth_time', async () => {
    await codeFlow(); // signs in if needed
    session!.authTime -= 120; // the session is two minutes old
    const before = logins;
    const old = session!.authTime;
    const tokens = await codeFlow({ max_age: '0' }, 0);
    expect(logins).toBe(before + 1);
    expect(tokens.claims()!.auth_time).toBeGreaterThan(old);
  });

  test('key rotation: a token signed by the previous key validates while published; new tokens carry the new kid', async () => {
    const before = await codeFlow();
    const previousKid = decodeProtectedHeader(before.id_token!).kid;
    const rotated = await createSigningKeySet([second!, first!]);
    start(rotated);
    const jwks = createRemoteJWKSet(new URL(`${http.origin}/jwks`));
    const options = { issuer: http.origin, audience: client.clientId };
    // Published: the old ID token still verifies.
    await jwtVerify(before.id_token!, jwks, options);
    const after = await codeFlow();
    const newKid = decodeProtectedHeader(after.id_token!).kid;
    expect(newKid).toBe(rotated.keys[0]!.kid);
    expect(newKid).not.toBe(previousKid);
    // The refreshed ID token of the earlier grant is signed with the new key too.
    const refreshed = await oidc.refreshTokenGrant(config, before.refresh_token!);
    expect(decodeProtectedHeader(refreshed.id_token!).kid).toBe(newKid);
    // Once the previous key is no longer published, its tokens stop verifying.
    start(await createSigningKeySet([second!]));
    const fresh = createRemoteJWKSet(new URL(`${http.origin}/jwks`));
    await expect(jwtVerify(before.id_token!, fresh, options)).rejects.toThrow();
    await jwtVerify(after.id_token!, fresh, options);
  });
});
