import { describe, expect, test } from 'vitest';
import {
  createTestServer,
  expectToken,
  registerClient,
  resourceRequest,
  tokenRequest,
} from '../../test/helpers.js';
import { createBearerTokenValidator } from './bearer-token-validator.js';
import { ResourceProtector } from './resource-protector.js';

async function setup(realm?: string) {
  const { server, stores } = createTestServer();
  const client = await registerClient(stores);
  const token = await expectToken(
    await server.createTokenResponse(
      tokenRequest({ grant_type: 'client_credentials', scope: 'read' }, { basic: client }),
    ),
  );
  const validator = createBearerTokenValidator(stores.tokens, realm ? { realm } : {});
  return { stores, token, protector: new ResourceProtector(validator) };
}

/** Status, challenge and body of a refused request. */
async function refusal(result: Awaited<ReturnType<ResourceProtector['protectWebRequest']>>) {
  expect(result.ok).toBe(false);
  const { response } = result as { ok: false; response: Response };
  return {
    status: response.status,
    challenge: response.headers.get('www-authenticate'),
    cacheControl: response.headers.get('cache-control'),
    body: await response.text().then((t) => (t === '' ? null : JSON.parse(t))),
  };
}

describe('ResourceProtector', () => {
  test('passes a valid token with the scope through', async () => {
    const { token, protector } = await setup();
    const result = await protector.protectWebRequest(resourceRequest(token.access_token), ['read']);
    expect(result.ok).toBe(true);
    expect(result.ok && result.token.getScope()).toBe('read');
  });

  test('no token: 401 with WWW-Authenticate: Bearer realm="..." and no error in the header', async () => {
    const { protector } = await setup('photos');
    const result = await refusal(await protector.protectWebRequest(resourceRequest()));
    expect(result.status).toBe(401);
    expect(result.challenge).toBe('Bearer realm="photos"');
    expect(result.challenge).not.toContain('error');
    expect(result.cacheControl).toBe('no-store');
    // RFC 6750 3.1: no error information at all when no credentials were sent.
    expect(result.body).toBeNull();
  });

  test('a bad token: 401 error="invalid_token"', async () => {
    const { protector } = await setup();
    expect(
      await refusal(await protector.protectWebRequest(resourceRequest('C'.repeat(43)))),
    ).toEqual({
      status: 401,
      challenge: 'Bearer realm="oauthkit", error="invalid_token"',
      cacheControl: 'no-store',
      body: {
        error: 'invalid_token',
        error_description: 'The access token is invalid, expired or revoked.',
      },
    });
  });

  test('a revoked token: 401 error="invalid_token"', async () => {
    const { stores, token, protector } = await setup();
    await stores.tokens.revokeAccessToken(stores.dump().tokens[0]!.accessTokenDigest, new Date());
    const result = await refusal(
      await protector.protectWebRequest(resourceRequest(token.access_token)),
    );
    expect(result.status).toBe(401);
    expect(result.challenge).toBe('Bearer realm="oauthkit", error="invalid_token"');
  });

  test('a missing scope: 403 error="insufficient_scope"', async () => {
    const { token, protector } = await setup();
    expect(
      await refusal(
        await protector.protectWebRequest(resourceRequest(token.access_token), ['write']),
      ),
    ).toEqual({
      status: 403,
      challenge: 'Bearer realm="oauthkit", error="insufficient_scope", scope="write"',
      cacheControl: 'no-store',
      body: {
        error: 'insufficient_scope',
        error_description: 'The access token does not have the required scope.',
      },
    });
  });

  test('localises descriptions from Accept-Language', async () => {
    const { protector } = await setup();
    const request = new Request('https://api.example/', {
      headers: { authorization: `Bearer ${'D'.repeat(43)}`, 'accept-language': 'de' },
    });
    const result = await refusal(await protector.protectWebRequest(request));
    expect(result.body.error_description).toBe(
      'Das Access-Token ist ungueltig, abgelaufen oder widerrufen.',
    );
  });

  test('needs a validator function', () => {
    expect(() => new ResourceProtector(undefined as never)).toThrow(
      new TypeError('ResourceProtector needs a validator'),
    );
  });
});

describe('protectWebRequest and the request body', () => {
  test('leaves the body unread for the protected route', async () => {
    const { token, protector } = await setup();
    const request = new Request('https://rs.example/upload', {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token.access_token}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: 'note=hello',
    });
    const result = await protector.protectWebRequest(request, ['read']);
    expect(result.ok).toBe(true);
    expect(request.bodyUsed).toBe(false);
    expect(await request.text()).toBe('note=hello');
  });
});

describe('required scopes are the application’s', () => {
  test('a scope outside the RFC 6749 3.3 syntax throws a TypeError naming it', async () => {
    const { token, protector } = await setup();
    await expect(
      protector.protectWebRequest(resourceRequest(token.access_token), ['données']),
    ).rejects.toThrow(TypeError);
    await expect(
      protector.protectWebRequest(resourceRequest(token.access_token), ['a b']),
    ).rejects.toThrow(/"a b" is not a scope token/);
  });
});
