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
  ResourceProtector,
  s256Challenge,
  type Stores,
} from '../src/index.js';
import { createMemoryStores } from '../src/testing.js';

/** The issuer every test server uses; the token endpoint lives below it. */
export const ISSUER = 'https://as.example';
export const TOKEN_URL = `${ISSUER}/token`;

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
      redirectUris: ['https://app.example/cb'],
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

/** The `Authorization` header of `client_secret_basic` (RFC 6749 2.3.1: encode, then base64). */
export function basicAuth(clientId: string, secret: string): string {
  const pair = `${formEncode(clientId)}:${formEncode(secret)}`;
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
    redirectUri: options.redirectUri === undefined ? 'https://app.example/cb' : options.redirectUri,
    scope: options.scope ?? 'read',
    codeChallenge: challenge,
    codeChallengeMethod: method,
    nonce: null,
    familyId,
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
    redirect_uri: 'https://app.example/cb',
    ...extra,
  };
  if (seeded.verifier !== undefined && !('code_verifier' in extra)) {
    params.code_verifier = seeded.verifier;
  }
  return params;
}

export interface TokenBody {
  access_token: string;
  token_type: string;
  expires_in: number;
  refresh_token?: string;
  scope?: string;
}

/** Asserts a successful token response (200, no-store) and returns its body. */
export async function expectToken(response: Response): Promise<TokenBody> {
  const text = await response.text();
  expect(response.status, text).toBe(200);
  expect(response.headers.get('cache-control')).toBe('no-store');
  expect(response.headers.get('pragma')).toBe('no-cache');
  expect(response.headers.get('content-type')).toBe('application/json;charset=UTF-8');
  const body = JSON.parse(text) as TokenBody;
  expect(body.token_type).toBe('Bearer');
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
 * Memory stores that fail on demand: add `"tokens.saveToken"` (store.method) to `down` and
 * that method rejects, as a database that went away would; remove it and the store is back.
 */
export function createSwitchableStores() {
  const memory = createMemoryStores();
  const down = new Set<string>();
  const calls: string[] = [];
  const wrap = <T extends object>(group: string, target: T): T =>
    Object.fromEntries(
      Object.entries(target).map(([name, fn]) => [
        name,
        (...args: unknown[]) => {
          const key = `${group}.${name}`;
          calls.push(key);
          if (down.has(key)) return Promise.reject(new Error(`${key}: connection refused`));
          return (fn as (...a: unknown[]) => unknown)(...args);
        },
      ]),
    ) as T;
  const stores: Stores = {
    clients: wrap('clients', memory.clients),
    tokens: wrap('tokens', memory.tokens),
    codes: wrap('codes', memory.codes),
  };
  return { stores, memory, down, calls };
}
