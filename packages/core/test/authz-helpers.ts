import { expect } from 'vitest';
import {
  createTestServer,
  ISSUER,
  type MemoryStores,
  registerClient as registerTestClient,
  type TestClient,
} from './helpers.js';
import {
  type ClientMetadata,
  generateToken,
  s256Challenge,
  type Stores,
  type User,
} from '../src/index.js';
import { createMemoryStores } from '../src/testing.js';

// Helpers of the authorization-side tests (authorization endpoint, consent API, implicit
// grant, revocation, introspection, metadata), over the token-side helpers of helpers.ts
// with the authorization side's defaults.

export { ISSUER, type MemoryStores, type TestClient } from './helpers.js';

export const AUTHORIZE_URL = `${ISSUER}/authorize`;
export const REDIRECT_URI = 'https://app.example/cb';

/**
 * A server over `memory` (fresh memory stores by default), or over `stores` wrapping them
 * (e.g. breakable ones); `stores` in the result is always the memory stores, for `dump()`.
 */
export const createAuthzServer = createTestServer;

/**
 * Registers a client directly in the store (confidential unless the method is `none`), with
 * the authorization side's defaults: scope `read write`, and grant type `implicit` beside
 * response type `token` (RFC 7591 2.1).
 */
export function registerClient(
  stores: Stores,
  metadata: Partial<ClientMetadata> & { clientId?: string } = {},
): Promise<TestClient> {
  return registerTestClient(stores, {
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

/** A value as `application/x-www-form-urlencoded` writes it (space as `+`). */
function formEncode(value: string): string {
  return new URLSearchParams({ v: value }).toString().slice(2);
}

/** The `Authorization` header of `client_secret_basic` (RFC 6749 2.3.1). */
export function basicAuth(client: TestClient): string {
  const pair = `${formEncode(client.clientId)}:${formEncode(client.secret!)}`;
  return `Basic ${Buffer.from(pair, 'utf8').toString('base64')}`;
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

type AuthzServer = ReturnType<typeof createAuthzServer>['server'];

/** Runs the authorization endpoint for `client` as `user` and returns the issued code. */
export async function authorizeCode(
  server: AuthzServer,
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

export interface TokenBody {
  access_token: string;
  token_type: string;
  expires_in: number;
  refresh_token?: string;
  scope?: string;
}

/** A full code flow for `client`: authorize, exchange; returns the token response body. */
export async function issueTokens(
  server: AuthzServer,
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

/**
 * Stores whose methods can be made to reject, to check that the server fails closed:
 * `breakMethod('codes.saveCode')` makes that method throw until `repair()`.
 */
export function createBreakableStores(memory: MemoryStores = createMemoryStores()) {
  const broken = new Set<string>();
  const wrap = <T extends object>(name: string, target: T): T =>
    new Proxy(target, {
      get(t, prop, receiver) {
        const value = Reflect.get(t, prop, receiver);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          if (broken.has(`${name}.${String(prop)}`)) {
            return Promise.reject(new Error(`store down: ${name}.${String(prop)}`));
          }
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
    breakMethod: (method: string) => broken.add(method),
    repair: () => broken.clear(),
  };
}

/**
 * Asserts a JSON error of the token-style endpoints exactly: status, no-store headers and
 * the whole body (`error`, plus `error_description` when given).
 */
export async function expectJsonError(
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
  if (description !== undefined) expect(body).toEqual({ error, error_description: description });
  return body;
}
