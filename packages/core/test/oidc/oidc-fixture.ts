import { createLocalJWKSet, decodeProtectedHeader, type JWTPayload, jwtVerify } from 'jose';
import { expect } from 'vitest';
import {
  type AuthorizationInteraction,
  type ClientMetadata,
  createSigningKeySet,
  type FindClaims,
  generateSigningJwk,
  type OpenIdConnectOptions,
  type SigningKeySet,
  type User,
} from '../../src/index.js';
import {
  authorizeRequest,
  basicAuth,
  createTestServer,
  expectRedirect,
  ISSUER,
  pkcePair,
  REDIRECT_URI,
  registerClient,
  type TestClient,
  type TestServerOptions,
  testUser,
  tokenRequest,
} from '../helpers.js';

/** The claims each test user has. */
export const PROFILES: Record<string, Record<string, unknown>> = {
  'user-1': {
    name: 'Ada Lovelace',
    given_name: 'Ada',
    email: 'ada@example.com',
    email_verified: true,
    phone_number: '+44 20 0000 0000',
    sub: 'forged-sub',
  },
  'user-2': { name: 'Grace Hopper', email: 'grace@example.com', email_verified: false },
};

/** A `findClaims` over {@link PROFILES} that records what it was asked. */
export function profileClaims(): FindClaims & { calls: string[][] } {
  const calls: string[][] = [];
  const find = (user: User, names: readonly string[]) => {
    calls.push([...names]);
    return PROFILES[user.getUserId()] ?? null;
  };
  return Object.assign(find, { calls });
}

export async function testKeys(algs: ('ES256' | 'RS256' | 'EdDSA')[] = ['ES256']) {
  return createSigningKeySet(await Promise.all(algs.map((a) => generateSigningJwk(a))));
}

/** A server with OpenID Connect on, over memory stores. */
export async function createOidcServer(
  options: Omit<TestServerOptions, 'openid'> & {
    openid?: Partial<OpenIdConnectOptions>;
    keys?: SigningKeySet;
  } = {},
) {
  const { openid, keys, ...rest } = options;
  const signingKeys = keys ?? (await testKeys());
  const findClaims = profileClaims();
  const { server, stores } = createTestServer({
    signingKeys,
    openid: { findClaims, ...openid },
    ...rest,
  });
  return { server, stores, signingKeys, findClaims };
}

/** A confidential client allowed `openid` and the claim scopes. */
export function registerOidcClient(
  stores: Parameters<typeof registerClient>[0],
  metadata: Partial<ClientMetadata> & { clientId?: string } = {},
): Promise<TestClient> {
  return registerClient(stores, {
    scope: 'openid profile email phone address read offline_access',
    ...metadata,
  });
}

type OidcServer = Awaited<ReturnType<typeof createOidcServer>>['server'];

export interface AuthorizeResult {
  query: URLSearchParams;
  verifier: string;
}

/** Runs an authorization request through the consent API and returns the redirect's query. */
export async function authorize(
  server: OidcServer,
  client: TestClient,
  params: Record<string, string> = {},
  user: User | null = testUser(),
  interaction: AuthorizationInteraction = {
    extensions: { authTime: Math.floor(Date.now() / 1000) },
  },
): Promise<AuthorizeResult> {
  const { verifier, challenge } = pkcePair();
  const request = authorizeRequest({
    response_type: 'code',
    client_id: client.clientId,
    redirect_uri: REDIRECT_URI,
    scope: 'openid',
    state: 'st',
    code_challenge: challenge,
    code_challenge_method: 'S256',
    ...params,
  });
  const response = await server.createAuthorizationResponse(request, user, interaction);
  const { query } = await expectRedirect(response);
  return { query, verifier };
}

/** Exchanges the code of `result` at the token endpoint; returns the JSON body. */
export async function exchange(
  server: OidcServer,
  client: TestClient,
  result: AuthorizeResult,
): Promise<Record<string, unknown>> {
  const code = result.query.get('code');
  expect(code, result.query.toString()).not.toBeNull();
  const response = await server.createTokenResponse(
    tokenRequest(
      {
        grant_type: 'authorization_code',
        code: code!,
        redirect_uri: REDIRECT_URI,
        code_verifier: result.verifier,
      },
      { headers: { authorization: basicAuth(client) } },
    ),
  );
  const body = (await response.json()) as Record<string, unknown>;
  expect(response.status, JSON.stringify(body)).toBe(200);
  return body;
}

/** Refreshes; returns the JSON body. */
export async function refresh(
  server: OidcServer,
  client: TestClient,
  refreshToken: string,
  extra: Record<string, string> = {},
): Promise<Record<string, unknown>> {
  const response = await server.createTokenResponse(
    tokenRequest(
      { grant_type: 'refresh_token', refresh_token: refreshToken, ...extra },
      { headers: { authorization: basicAuth(client) } },
    ),
  );
  const body = (await response.json()) as Record<string, unknown>;
  expect(response.status, JSON.stringify(body)).toBe(200);
  return body;
}

/** Verifies an ID token against the JWKS the server publishes, as a client would. */
export async function verifyIdToken(
  server: OidcServer,
  idToken: unknown,
  clientId: string,
): Promise<{ payload: JWTPayload; kid: string | undefined; alg: string }> {
  expect(typeof idToken).toBe('string');
  const response = await server.createEndpointResponse('jwks', new Request(`${ISSUER}/jwks`));
  const jwks = createLocalJWKSet((await response.json()) as never);
  const { payload } = await jwtVerify(idToken as string, jwks, {
    issuer: ISSUER,
    audience: clientId,
  });
  const header = decodeProtectedHeader(idToken as string);
  return { payload, kid: header.kid, alg: header.alg! };
}
