import { describe, expect, test } from 'vitest';
import {
  createTestServer,
  expectToken,
  registerClient,
  resourceRequest,
  tokenRequest,
} from '../../test/helpers.js';
import {
  InsufficientScopeError,
  InvalidRequestError,
  InvalidTokenError,
} from '../errors/errors.js';
import type { OAuth2Error } from '../errors/oauth2-error.js';
import { createOAuth2Request } from '../request/create-oauth2-request.js';
import { fromWebRequest } from '../request/from-web-request.js';
import { createBearerTokenValidator } from './bearer-token-validator.js';

/** A server, a client_credentials token with scope `read write`, and a validator. */
async function setup(options: Parameters<typeof createBearerTokenValidator>[1] = {}) {
  const { server, stores } = createTestServer();
  const client = await registerClient(stores);
  const token = await expectToken(
    await server.createTokenResponse(
      tokenRequest({ grant_type: 'client_credentials', scope: 'read write' }, { basic: client }),
    ),
  );
  const validate = createBearerTokenValidator(stores.tokens, options);
  const check = async (request: Request, scopes?: string[]) =>
    validate(await fromWebRequest(request), scopes).catch((e: OAuth2Error) => e);
  return { stores, client, token, validate, check };
}

function expectChallenge(
  error: unknown,
  type: typeof InvalidTokenError,
  status: number,
  header: string,
) {
  expect(error).toBeInstanceOf(type);
  expect((error as OAuth2Error).status).toBe(status);
  expect((error as OAuth2Error).headers['WWW-Authenticate']).toBe(header);
}

describe('createBearerTokenValidator', () => {
  test('accepts a live token and resolves it, with its client, user and scope', async () => {
    const { client, token, check } = await setup();
    const result = await check(resourceRequest(token.access_token), ['read']);
    expect('record' in result).toBe(true);
    const accepted = result as Exclude<typeof result, OAuth2Error>;
    expect(accepted.getClientId()).toBe(client.clientId);
    expect(accepted.getUserId()).toBeNull();
    expect(accepted.getScope()).toBe('read write');
    expect(accepted.getExpiresIn()).toBe(3_600);
  });

  test('the scheme name is case-insensitive', async () => {
    const { token, check } = await setup();
    const request = new Request('https://api.example/', {
      headers: { authorization: `bearer ${token.access_token}` },
    });
    expect('record' in (await check(request))).toBe(true);
  });

  test('the token is read between the spaces after the scheme and any trailing ones', async () => {
    const { token, validate } = await setup();
    // A header record as a binding hands it over (a Fetch Request would trim the end).
    const request = createOAuth2Request({
      method: 'GET',
      url: '/resource',
      headers: { authorization: `Bearer   ${token.access_token}  ` },
    });
    expect((await validate(request)).record.scope).toBe('read write');
  });

  test('no credentials: 401 with a bare challenge, no error code (RFC 6750 3.1)', async () => {
    const { check } = await setup({ realm: 'api' });
    expectChallenge(await check(resourceRequest()), InvalidTokenError, 401, 'Bearer realm="api"');
  });

  test('a Basic header is no bearer credential: the bare challenge', async () => {
    const { check } = await setup();
    const request = new Request('https://api.example/', {
      headers: { authorization: 'Basic dXNlcjpwYXNz' },
    });
    expectChallenge(await check(request), InvalidTokenError, 401, 'Bearer realm="oauthkit"');
  });

  test.each([
    ['an unknown token', 'A'.repeat(43)],
    ['a malformed token', 'has spaces in it'],
    ['an empty token', ''],
  ])('%s: 401 error="invalid_token"', async (_, value) => {
    const { check } = await setup();
    const request = new Request('https://api.example/', {
      headers: { authorization: `Bearer ${value}` },
    });
    expectChallenge(
      await check(request),
      InvalidTokenError,
      401,
      'Bearer realm="oauthkit", error="invalid_token"',
    );
  });

  test('an expired token: 401 error="invalid_token"', async () => {
    const { stores, token } = await setup();
    const later = new Date(Date.now() + 864_001 * 1000);
    const validate = createBearerTokenValidator(stores.tokens, { now: () => later });
    const error = await validate(await fromWebRequest(resourceRequest(token.access_token))).catch(
      (e: unknown) => e,
    );
    expectChallenge(
      error,
      InvalidTokenError,
      401,
      'Bearer realm="oauthkit", error="invalid_token"',
    );
  });

  test('a revoked token: 401 error="invalid_token"', async () => {
    const { stores, token, check } = await setup();
    await stores.tokens.revokeFamily(stores.dump().tokens[0]!.familyId, new Date());
    expectChallenge(
      await check(resourceRequest(token.access_token)),
      InvalidTokenError,
      401,
      'Bearer realm="oauthkit", error="invalid_token"',
    );
  });

  test('a missing scope: 403 error="insufficient_scope" naming the scopes needed', async () => {
    const { token, check } = await setup();
    expectChallenge(
      await check(resourceRequest(token.access_token), ['read', 'admin']),
      InsufficientScopeError,
      403,
      'Bearer realm="oauthkit", error="insufficient_scope", scope="read admin"',
    );
  });

  test('a token in the form body is refused: the header is required', async () => {
    const { token, check } = await setup();
    const form = (headers: Record<string, string>) =>
      new Request('https://api.example/', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
        body: `access_token=${token.access_token}`,
      });
    expectChallenge(
      await check(form({})),
      InvalidRequestError,
      400,
      'Bearer realm="oauthkit", error="invalid_request"',
    );
    expectChallenge(
      await check(form({ authorization: `Bearer ${token.access_token}` })),
      InvalidRequestError,
      400,
      'Bearer realm="oauthkit", error="invalid_request"',
    );
  });

  test('emits tokenAuthenticated for accepted tokens only', async () => {
    const { server, stores } = createTestServer();
    const client = await registerClient(stores);
    const token = await expectToken(
      await server.createTokenResponse(
        tokenRequest({ grant_type: 'client_credentials' }, { basic: client }),
      ),
    );
    const seen: string[] = [];
    server.on('tokenAuthenticated', ({ record }) => seen.push(record.clientId));
    const validate = createBearerTokenValidator(stores.tokens, { events: server.events });
    await validate(await fromWebRequest(resourceRequest(token.access_token)));
    await validate(await fromWebRequest(resourceRequest('B'.repeat(43)))).catch(() => {});
    expect(seen).toEqual([client.clientId]);
  });
});
