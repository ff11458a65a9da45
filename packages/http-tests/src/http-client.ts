import { generateToken, s256Challenge } from '@oauthkit/core';
import { expect } from 'vitest';
import {
  ALLOWED_ORIGIN,
  type HttpFixture,
  ISSUER,
  REDIRECT_URI,
  USER_HEADER,
} from './http-fixture.js';

/** What every suite test gets: the fixture and the running server. */
export interface SuiteContext {
  fixture: HttpFixture;
  baseUrl: string;
}

/** Each request gives up after this long: a hanging server fails the test, not the run. */
const TIMEOUT_MS = 5_000;

/** The test server's URL for an endpoint, or for a path. */
export function urlOf(
  ctx: SuiteContext,
  endpoint:
    | 'authorization'
    | 'token'
    | 'revocation'
    | 'introspection'
    | 'device_authorization'
    | 'pushed_authorization_request'
    | `/${string}`,
): string {
  const path = endpoint.startsWith('/')
    ? endpoint
    : new URL(ctx.fixture.server.endpointUrl(endpoint)!).pathname;
  return `${ctx.baseUrl}${path}`;
}

/** `fetch` that never follows redirects and never waits forever. */
export function send(url: string, init: RequestInit = {}): Promise<Response> {
  return fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(TIMEOUT_MS), ...init });
}

/** `client_secret_basic`: each half form-urlencoded, then base64 (RFC 6749 2.3.1). */
export function basic(clientId: string, secret: string): string {
  const encode = (v: string) => new URLSearchParams({ v }).toString().slice(2);
  return `Basic ${Buffer.from(`${encode(clientId)}:${encode(secret)}`).toString('base64')}`;
}

/** POSTs a form; `fields` as pairs keeps repeated names. */
export function postForm(
  url: string,
  fields: Record<string, string> | [string, string][] | string,
  headers: Record<string, string> = {},
): Promise<Response> {
  const body = typeof fields === 'string' ? fields : new URLSearchParams(fields).toString();
  return send(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
    body,
  });
}

/** A PKCE verifier and its S256 challenge. */
export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = generateToken();
  return { verifier, challenge: s256Challenge(verifier) };
}

/** The parameters of a code request for `clientId`, with PKCE and an awkward `state`. */
export function codeRequest(clientId: string, challenge: string, scope = 'profile read') {
  return {
    response_type: 'code',
    client_id: clientId,
    redirect_uri: REDIRECT_URI,
    scope,
    state: `st ${generateToken(32).slice(0, 8)}+/é&=%20`,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  };
}

/**
 * Runs the consent POST as `user` (authorization parameters in the query, or with
 * `inBody` in the form beside the decision) and returns the redirect's parameters.
 */
export async function authorize(
  ctx: SuiteContext,
  params: Record<string, string>,
  options: { consent?: string; user?: string; inBody?: boolean } = {},
): Promise<URLSearchParams> {
  const decision = { consent: options.consent ?? 'allow' };
  const headers = { [USER_HEADER]: options.user ?? 'alice' };
  const response = options.inBody
    ? await postForm(urlOf(ctx, 'authorization'), { ...params, ...decision }, headers)
    : await postForm(
        `${urlOf(ctx, 'authorization')}?${new URLSearchParams(params)}`,
        decision,
        headers,
      );
  expect(response.status).toBe(302);
  const location = response.headers.get('location') ?? '';
  expect(location.startsWith(`${REDIRECT_URI}?`)).toBe(true);
  const redirect = new URL(location).searchParams;
  expect(redirect.get('iss')).toBe(ISSUER);
  expect(redirect.get('state')).toBe(params.state);
  return redirect;
}

/**
 * A full code flow for the public client (PKCE), with `extra` authorization parameters: the
 * token response body issued for `alice` with `scope`, after checking it is a 200.
 */
export async function codeFlowTokenResponse<B>(
  ctx: SuiteContext,
  scope: string,
  extra: Record<string, string> = {},
): Promise<B> {
  const { verifier, challenge } = pkcePair();
  const clientId = ctx.fixture.public.clientId;
  const redirect = await authorize(ctx, { ...codeRequest(clientId, challenge, scope), ...extra });
  const response = await postForm(urlOf(ctx, 'token'), {
    grant_type: 'authorization_code',
    code: redirect.get('code') ?? '',
    redirect_uri: REDIRECT_URI,
    client_id: clientId,
    code_verifier: verifier,
  });
  expect(response.status).toBe(200);
  return (await response.json()) as B;
}

/** A full code flow for the public client: the token pair issued for `alice` with `scope`. */
export async function userTokens(
  ctx: SuiteContext,
  scope = 'profile read',
): Promise<{ accessToken: string; refreshToken: string }> {
  const body = await codeFlowTokenResponse<{ access_token: string; refresh_token: string }>(
    ctx,
    scope,
  );
  return { accessToken: body.access_token, refreshToken: body.refresh_token };
}

/** A `client_credentials` token of the confidential client. */
export async function clientToken(ctx: SuiteContext, scope = 'read'): Promise<string> {
  const { clientId, secret } = ctx.fixture.confidential;
  const response = await postForm(
    urlOf(ctx, 'token'),
    { grant_type: 'client_credentials', scope },
    { Authorization: basic(clientId, secret) },
  );
  expect(response.status).toBe(200);
  return ((await response.json()) as { access_token: string }).access_token;
}

/** Asserts the token-endpoint caching headers (RFC 6749 5.1). */
export function expectNoStore(response: Response): void {
  expect(response.headers.get('cache-control')).toBe('no-store');
  expect(response.headers.get('pragma')).toBe('no-cache');
}

/**
 * Sends a CORS preflight from the allowed origin for `method` with `requestHeaders` and
 * checks it is allowed (`204`, the origin, the method): the response, for more checks.
 */
export async function allowedPreflight(
  ctx: SuiteContext,
  path: Parameters<typeof urlOf>[1],
  method: string,
  requestHeaders: string,
): Promise<Response> {
  const response = await send(urlOf(ctx, path), {
    method: 'OPTIONS',
    headers: {
      Origin: ALLOWED_ORIGIN,
      'Access-Control-Request-Method': method,
      'Access-Control-Request-Headers': requestHeaders,
    },
  });
  expect(response.status).toBe(204);
  expect(response.headers.get('access-control-allow-origin')).toBe(ALLOWED_ORIGIN);
  expect(response.headers.get('access-control-allow-methods')).toContain(method);
  return response;
}
