import { expect } from 'vitest';
import {
  type AuthorizationServerConfig,
  type AuthorizationServerOptions,
  type ClientMetadata,
  createAuthorizationServer,
  createBearerTokenValidator,
  digestSecret,
  digestToken,
  generateId,
  generateToken,
  type RecordExtensions,
  ResourceProtector,
  type Stores,
  s256Challenge,
  type User,
} from '../src/index.js';
import { createMemoryStores } from '../src/testing.js';

/** The issuer every test server uses; the token endpoint lives below it. */
export const ISSUER = 'https://as.example';
export const TOKEN_URL = `${ISSUER}/token`;
/** The redirect URI every test client registers. */
export const REDIRECT_URI = 'https://app.example/cb';

export type MemoryStores = ReturnType<typeof createMemoryStores>;

/**
 * A server over fresh memory stores. Tests that need failing or counting stores pass their
 * own `stores`; everything else in `options` goes to `createAuthorizationServer` as it is.
 */
export type TestServerOptions = {
  config?: Partial<AuthorizationServerConfig>;
  /** The memory stores to use (fresh ones by default); returned as `stores`, for `dump()`. */
  memory?: MemoryStores;
  stores?: Stores;
} & Omit<Partial<AuthorizationServerOptions>, 'config'>;

export function createTestServer(options: TestServerOptions = {}) {
  const { config, memory = createMemoryStores(), stores = memory, ...rest } = options;
  const server = createAuthorizationServer({
    ...stores,
    ...rest,
    config: { issuer: ISSUER, refreshTokenGenerator: true, ...config },
  });
  return { server, stores: memory };
}

export interface TestClient {
  clientId: string;
  /** `undefined` for public clients. */
  secret: string | undefined;
}

/**
 * Registers a client directly in the store. Confidential unless `tokenEndpointAuthMethod`
 * is `none`; the secret is random unless given, and only its digest is stored.
 */
export async function registerClient(
  stores: Stores,
  metadata: Partial<ClientMetadata> & { clientId?: string; secret?: string } = {},
): Promise<TestClient> {
  const { clientId = `client-${generateId()}`, secret: given, ...rest } = metadata;
  const method = rest.tokenEndpointAuthMethod ?? 'client_secret_basic';
  const secret = method === 'none' ? undefined : (given ?? generateToken());
  await stores.clients.saveClient({
    clientId,
    clientSecretDigest: secret === undefined ? null : digestSecret(secret),
    clientIdIssuedAt: new Date(),
    clientSecretExpiresAt: null,
    metadata: {
      redirectUris: [REDIRECT_URI],
      grantTypes: ['authorization_code', 'refresh_token', 'client_credentials'],
      responseTypes: ['code'],
      scope: 'read write admin',
      tokenEndpointAuthMethod: method,
      ...rest,
    },
  });
  return { clientId, secret };
}

/** A value as `application/x-www-form-urlencoded` writes it (space as `+`). */
export function formEncode(value: string): string {
  return new URLSearchParams({ v: value }).toString().slice(2);
}

/**
 * The `Authorization` header of `client_secret_basic` (RFC 6749 2.3.1: encode, then base64),
 * for a confidential `client`, or for a client id and secret given apart.
 */
export function basicAuth(client: TestClient): string;
export function basicAuth(clientId: string, secret: string): string;
export function basicAuth(client: TestClient | string, secret?: string): string {
  const [id, password] =
    typeof client === 'string' ? [client, secret!] : [client.clientId, client.secret!];
  const pair = `${formEncode(id)}:${formEncode(password)}`;
  return `Basic ${Buffer.from(pair, 'utf8').toString('base64')}`;
}

export interface TokenRequestOptions {
  /** Authenticate with `client_secret_basic` as this client. */
  basic?: TestClient;
  /** Authenticate with `client_secret_post` as this client. */
  post?: TestClient;
  /** Identify this public client with `client_id` (method `none`). */
  publicClient?: TestClient;
  headers?: Record<string, string>;
  method?: string;
}

/**
 * A Web `Request` to the token endpoint. `params` is the form (a string is sent as it is,
 * for tests of repeated or malformed parameters).
 */
export function tokenRequest(
  params: Record<string, string> | string,
  options: TokenRequestOptions = {},
): Request {
  const headers: Record<string, string> = {
    'content-type': 'application/x-www-form-urlencoded',
    ...options.headers,
  };
  let form = typeof params === 'string' ? params : new URLSearchParams(params).toString();
  if (options.basic)
    headers.authorization = basicAuth(options.basic.clientId, options.basic.secret!);
  const extra = new URLSearchParams();
  if (options.post) {
    extra.set('client_id', options.post.clientId);
    extra.set('client_secret', options.post.secret!);
  }
  if (options.publicClient) extra.set('client_id', options.publicClient.clientId);
  if (extra.size > 0) form = form === '' ? extra.toString() : `${form}&${extra}`;
  const method = options.method ?? 'POST';
  const hasBody = method !== 'GET' && method !== 'HEAD';
  return new Request(TOKEN_URL, { method, headers, body: hasBody ? form : null });
}

export interface SeededCode {
  code: string;
  codeDigest: string;
  familyId: string;
  /** The PKCE verifier behind the stored challenge, when there is one. */
  verifier: string | undefined;
}

/**
 * Stores an authorization code as the authorization endpoint would (only its digest), bound
 * to a client, redirect URI, scope, user and optional PKCE challenge.
 */
export async function seedCode(
  stores: Stores,
  options: {
    clientId: string;
    redirectUri?: string | null;
    scope?: string;
    userId?: string;
    pkce?: 'S256' | 'plain' | null;
    verifier?: string;
    expiresInSeconds?: number;
    extensions?: RecordExtensions;
  },
): Promise<SeededCode> {
  const code = generateToken();
  const codeDigest = digestToken(code);
  const familyId = generateId();
  const method = options.pkce === undefined ? 'S256' : options.pkce;
  const verifier = method === null ? undefined : (options.verifier ?? generateToken());
  const challenge =
    method === null ? null : method === 'S256' ? s256Challenge(verifier!) : verifier!;
  const now = Date.now();
  await stores.codes.saveCode({
    codeDigest,
    clientId: options.clientId,
    userId: options.userId ?? 'user-1',
    redirectUri: options.redirectUri === undefined ? REDIRECT_URI : options.redirectUri,
    scope: options.scope ?? 'read',
    codeChallenge: challenge,
    codeChallengeMethod: method,
    nonce: null,
    familyId,
    extensions: options.extensions ?? {},
    issuedAt: new Date(now),
    expiresAt: new Date(now + (options.expiresInSeconds ?? 300) * 1000),
    consumedAt: null,
    replayedAt: null,
  });
  return { code, codeDigest, familyId, verifier };
}

/** The form of a code exchange for a seeded code (redirect URI and verifier included). */
export function codeExchange(seeded: SeededCode, extra: Record<string, string> = {}) {
  const params: Record<string, string> = {
    grant_type: 'authorization_code',
    code: seeded.code,
    redirect_uri: REDIRECT_URI,
    ...extra,
  };
  if (seeded.verifier !== undefined && !('code_verifier' in extra)) {
    params.code_verifier = seeded.verifier;
  }
  return params;
}

/** A token response body: the RFC 6749 5.1 fields, and whatever a grant or extension adds. */
export interface TokenBody {
  access_token: string;
  token_type: string;
  expires_in: number;
  refresh_token?: string;
  scope?: string;
  [field: string]: unknown;
}

/** Asserts a successful token response (200, no-store) and returns its body. */
export async function expectToken(
  response: Response,
  tokenType: 'Bearer' | 'DPoP' = 'Bearer',
): Promise<TokenBody> {
  const text = await response.text();
  expect(response.status, text).toBe(200);
  expect(response.headers.get('cache-control')).toBe('no-store');
  expect(response.headers.get('pragma')).toBe('no-cache');
  expect(response.headers.get('content-type')).toBe('application/json;charset=UTF-8');
  const body = JSON.parse(text) as TokenBody;
  expect(body.token_type).toBe(tokenType);
  return body;
}

/**
 * Asserts an error response exactly: status, the no-store headers, and the whole JSON body
 * (`error`, and `error_description` when given). Returns the body.
 */
export async function expectError(
  response: Response,
  status: number,
  error: string,
  description?: string,
): Promise<Record<string, string>> {
  const text = await response.text();
  expect(response.status, text).toBe(status);
  expect(response.headers.get('cache-control')).toBe('no-store');
  expect(response.headers.get('pragma')).toBe('no-cache');
  const body = JSON.parse(text) as Record<string, string>;
  expect(body.error).toBe(error);
  if (description !== undefined) {
    expect(body).toEqual({ error, error_description: description });
  }
  return body;
}

/** An `Authorization: Bearer` request to a protected resource. */
export function resourceRequest(accessToken?: string): Request {
  const headers: Record<string, string> = {};
  if (accessToken !== undefined) headers.authorization = `Bearer ${accessToken}`;
  return new Request('https://api.example/resource', { headers });
}

/**
 * What a resource server answers for this access token: `200` when the bearer validator
 * accepts it, otherwise the status and `WWW-Authenticate` of the RFC 6750 error.
 */
export async function bearerCheck(
  tokens: Stores['tokens'],
  accessToken: string,
  scopes: readonly string[] = [],
): Promise<{ status: number; challenge: string | null }> {
  const protector = new ResourceProtector(createBearerTokenValidator(tokens));
  const result = await protector.protectWebRequest(resourceRequest(accessToken), scopes);
  if (result.ok) return { status: 200, challenge: null };
  return {
    status: result.response.status,
    challenge: result.response.headers.get('www-authenticate'),
  };
}

/** The answer of {@link bearerCheck} for a token that is unknown, expired or revoked. */
export const INVALID_TOKEN = {
  status: 401,
  challenge: 'Bearer realm="oauthkit", error="invalid_token"',
} as const;

/**
 * Stores over `memory` whose methods can be made to reject, as a database that went away
 * would, to check that the server fails closed: add `"tokens.saveToken"` (store.method) to
 * `down` (or call `breakMethod`) and that method rejects; remove it (or `repair()`) and the
 * store is back. `calls` lists every call made, in order.
 */
export function createSwitchableStores(memory: MemoryStores = createMemoryStores()) {
  const down = new Set<string>();
  const calls: string[] = [];
  const wrap = <T extends object>(group: string, target: T): T =>
    new Proxy(target, {
      get(t, prop, receiver) {
        const value = Reflect.get(t, prop, receiver);
        if (typeof value !== 'function') return value;
        const key = `${group}.${String(prop)}`;
        return (...args: unknown[]) => {
          calls.push(key);
          if (down.has(key)) return Promise.reject(new Error(`${key}: connection refused`));
          return value.apply(t, args);
        };
      },
    });
  const stores: Stores = {
    clients: wrap('clients', memory.clients),
    tokens: wrap('tokens', memory.tokens),
    codes: wrap('codes', memory.codes),
  };
  return {
    stores,
    memory,
    down,
    calls,
    breakMethod: (method: string) => void down.add(method),
    repair: () => down.clear(),
  };
}

// The authorization side: authorization endpoint, consent, implicit grant, revocation,
// introspection, metadata.

export const AUTHORIZE_URL = `${ISSUER}/authorize`;

/**
 * {@link registerClient} with the authorization side's defaults: scope `read write`, and
 * grant type `implicit` beside response type `token` (RFC 7591 2.1).
 */
export function registerAuthzClient(
  stores: Stores,
  metadata: Partial<ClientMetadata> & { clientId?: string } = {},
): Promise<TestClient> {
  return registerClient(stores, {
    grantTypes: metadata.responseTypes?.includes('token')
      ? ['authorization_code', 'implicit', 'refresh_token']
      : ['authorization_code', 'refresh_token'],
    scope: 'read write',
    ...metadata,
  });
}

/** A user whose introspection `username` is `name-<id>`. */
export function testUser(id = 'user-1'): User {
  return { getUserId: () => id, getUsername: () => `name-${id}` };
}

/** A fresh PKCE pair (RFC 7636 4.1, 4.2). */
export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = generateToken();
  return { verifier, challenge: s256Challenge(verifier) };
}

/**
 * A GET to the authorization endpoint. `params` as pairs keeps repeated names; a string is
 * sent as the raw query.
 */
export function authorizeRequest(
  params: Record<string, string> | [string, string][] | string,
  headers: Record<string, string> = {},
): Request {
  const query = typeof params === 'string' ? params : new URLSearchParams(params).toString();
  return new Request(`${AUTHORIZE_URL}?${query}`, { headers });
}

/** The usual parameters of a code request by `client`, with `extra` over them. */
export function codeParams(client: TestClient, extra: Record<string, string> = {}) {
  return {
    response_type: 'code',
    client_id: client.clientId,
    redirect_uri: REDIRECT_URI,
    scope: 'read',
    state: 'xyz',
    code_challenge: pkcePair().challenge,
    code_challenge_method: 'S256',
    ...extra,
  };
}

export interface ParsedRedirect {
  location: string;
  /** The Location up to its query or fragment. */
  base: string;
  query: URLSearchParams;
  fragment: URLSearchParams;
}

/** Asserts a 302 redirect (no-store, no body) and splits its Location. */
export async function expectRedirect(response: Response): Promise<ParsedRedirect> {
  const body = await response.text();
  expect(response.status, body).toBe(302);
  expect(body).toBe('');
  expect(response.headers.get('cache-control')).toBe('no-store');
  const location = response.headers.get('location');
  expect(location).not.toBeNull();
  const hash = location!.indexOf('#');
  const beforeHash = hash === -1 ? location! : location!.slice(0, hash);
  const q = beforeHash.indexOf('?');
  return {
    location: location!,
    base: q === -1 ? beforeHash : beforeHash.slice(0, q),
    query: new URLSearchParams(q === -1 ? '' : beforeHash.slice(q + 1)),
    fragment: new URLSearchParams(hash === -1 ? '' : location!.slice(hash + 1)),
  };
}

/**
 * Asserts REDIR(error) of SECURITY.md: a redirect to `redirectUri` whose query (or fragment)
 * holds exactly `error`, its description, `state` and `iss` — nothing else.
 */
export async function expectErrorRedirect(
  response: Response,
  expected: {
    error: string;
    state?: string | undefined;
    redirectUri?: string;
    mode?: 'query' | 'fragment';
    description?: string;
  },
): Promise<URLSearchParams> {
  const r = await expectRedirect(response);
  const mode = expected.mode ?? 'query';
  const params = mode === 'query' ? r.query : r.fragment;
  const other = mode === 'query' ? r.fragment : r.query;
  expect(r.base).toBe(expected.redirectUri ?? REDIRECT_URI);
  expect([...other.keys()]).toEqual([]);
  const keys = ['error', 'error_description', 'iss'];
  if (expected.state !== undefined) keys.push('state');
  expect([...params.keys()].sort()).toEqual(keys.sort());
  expect(params.get('error')).toBe(expected.error);
  expect(params.get('state')).toBe(expected.state ?? null);
  expect(params.get('iss')).toBe(ISSUER);
  if (expected.description !== undefined) {
    expect(params.get('error_description')).toBe(expected.description);
  }
  return params;
}

/** Asserts PAGE(error) of SECURITY.md: a 400 JSON error, never a redirect. */
export async function expectErrorPage(
  response: Response,
  error: string,
  description?: string,
  status = 400,
): Promise<Record<string, string>> {
  const text = await response.text();
  expect(response.status, text).toBe(status);
  expect(response.headers.get('location')).toBeNull();
  expect(response.headers.get('cache-control')).toBe('no-store');
  const body = JSON.parse(text) as Record<string, string>;
  expect(body.error).toBe(error);
  if (description !== undefined) expect(body.error_description).toBe(description);
  return body;
}

/**
 * A form POST to one of the token-style endpoints, authenticated as `client` (Basic for a
 * confidential client, `client_id` for a public one) unless `client` is `null`.
 */
export function formPost(
  endpoint: 'token' | 'revoke' | 'introspect',
  params: Record<string, string>,
  client: TestClient | null,
  headers: Record<string, string> = {},
): Request {
  const form = new URLSearchParams(params);
  const h: Record<string, string> = {
    'content-type': 'application/x-www-form-urlencoded',
    ...headers,
  };
  if (client?.secret !== undefined) h.authorization = basicAuth(client);
  else if (client) form.set('client_id', client.clientId);
  return new Request(`${ISSUER}/${endpoint}`, { method: 'POST', headers: h, body: form });
}

/** A bearer-token request as the resource side sees it. */
export function bearerRequest(accessToken: string) {
  return { headers: new Headers({ authorization: `Bearer ${accessToken}` }) };
}

type TestServer = ReturnType<typeof createTestServer>['server'];

/** Runs the authorization endpoint for `client` as `user` and returns the issued code. */
export async function authorizeCode(
  server: TestServer,
  client: TestClient,
  extra: Record<string, string> = {},
  user: User = testUser(),
): Promise<{ code: string; verifier: string }> {
  const { verifier, challenge } = pkcePair();
  const response = await server.createAuthorizationResponse(
    authorizeRequest(codeParams(client, { code_challenge: challenge, ...extra })),
    user,
  );
  const { query } = await expectRedirect(response);
  const code = query.get('code');
  expect(code).toMatch(/^[A-Za-z0-9_-]{43}$/);
  return { code: code!, verifier };
}

/** A full code flow for `client`: authorize, exchange; returns the token response body. */
export async function issueTokens(
  server: TestServer,
  client: TestClient,
  extra: Record<string, string> = {},
  user: User = testUser(),
): Promise<TokenBody> {
  const { code, verifier } = await authorizeCode(server, client, extra, user);
  const response = await server.createTokenResponse(
    formPost(
      'token',
      {
        grant_type: 'authorization_code',
        code,
        redirect_uri: extra.redirect_uri ?? REDIRECT_URI,
        code_verifier: verifier,
      },
      client,
    ),
  );
  const text = await response.text();
  expect(response.status, text).toBe(200);
  return JSON.parse(text) as TokenBody;
}
