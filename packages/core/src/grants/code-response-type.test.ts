import { afterEach, describe, expect, test, vi } from 'vitest';
import {
  authorizeCode,
  authorizeRequest,
  bearerRequest,
  codeParams,
  createTestServer,
  expectError,
  expectErrorRedirect,
  expectRedirect,
  formPost,
  pkcePair,
  REDIRECT_URI,
  registerAuthzClient,
  type TestClient,
  testUser,
} from '../../test/helpers.js';
import { digestToken } from '../crypto/digest.js';
import { InvalidTokenError } from '../errors/errors.js';
import type { ServerEvents } from '../events/server-events.js';

// `response_type=code`: PKCE at the authorization side (RFC 7636 4.3, RFC 9700 2.1.1) and the
// binding of the code (RFC 6749 4.1.2, 4.1.3).

afterEach(() => {
  vi.useRealTimers();
});

const CODE_INVALID = 'The authorization code is invalid, expired or already used.';

async function authorize(
  server: ReturnType<typeof createTestServer>['server'],
  client: TestClient,
  extra: Record<string, string>,
) {
  return server.createAuthorizationResponse(
    authorizeRequest(codeParams(client, extra)),
    testUser(),
  );
}

/** Authorization params without any PKCE parameter. */
function withoutPkce(client: TestClient, extra: Record<string, string> = {}) {
  const { code_challenge: _c, code_challenge_method: _m, ...params } = codeParams(client, extra);
  return params;
}

function exchange(
  client: TestClient,
  code: string,
  verifier: string | undefined,
  extra: Record<string, string | null> = {},
) {
  const params: Record<string, string> = {
    grant_type: 'authorization_code',
    code,
    redirect_uri: REDIRECT_URI,
  };
  if (verifier !== undefined) params.code_verifier = verifier;
  // `null` leaves a parameter out.
  for (const [k, v] of Object.entries(extra)) {
    if (v === null) delete params[k];
    else params[k] = v;
  }
  return formPost('token', params, client);
}

describe('SECURITY 5: PKCE at the authorization endpoint', () => {
  test('a public client without code_challenge: invalid_request redirect, no code', async () => {
    const { server, stores } = createTestServer();
    const client = await registerAuthzClient(stores, { tokenEndpointAuthMethod: 'none' });
    const response = await server.createAuthorizationResponse(
      authorizeRequest(withoutPkce(client)),
      testUser(),
    );
    await expectErrorRedirect(response, {
      error: 'invalid_request',
      state: 'xyz',
      description: 'This client must send a PKCE code_challenge.',
    });
    expect(stores.dump().codes).toEqual([]);
  });

  test('a confidential client may omit PKCE, unless requirePkceForConfidentialClients', async () => {
    const { server, stores } = createTestServer();
    const client = await registerAuthzClient(stores);
    const r = await expectRedirect(
      await server.createAuthorizationResponse(authorizeRequest(withoutPkce(client)), testUser()),
    );
    expect(r.query.get('code')).toMatch(/^[\w-]{43}$/);
    expect(stores.dump().codes[0]).toMatchObject({
      codeChallenge: null,
      codeChallengeMethod: null,
    });

    const strict = createTestServer({ config: { requirePkceForConfidentialClients: true } });
    const strictClient = await registerAuthzClient(strict.stores);
    await expectErrorRedirect(
      await strict.server.createAuthorizationResponse(
        authorizeRequest(withoutPkce(strictClient)),
        testUser(),
      ),
      { error: 'invalid_request', state: 'xyz' },
    );
  });

  test('S256 is accepted by default and stored with its method', async () => {
    const { server, stores } = createTestServer();
    const client = await registerAuthzClient(stores, { tokenEndpointAuthMethod: 'none' });
    const { challenge } = pkcePair();
    await expectRedirect(
      await authorize(server, client, { code_challenge: challenge, code_challenge_method: 'S256' }),
    );
    expect(stores.dump().codes[0]).toMatchObject({
      codeChallenge: challenge,
      codeChallengeMethod: 'S256',
    });
  });

  test('plain is refused unless configured, whether explicit or implied', async () => {
    const { server, stores } = createTestServer();
    const client = await registerAuthzClient(stores, { tokenEndpointAuthMethod: 'none' });
    const challenge = 'p'.repeat(43);
    const explicit = await authorize(server, client, {
      code_challenge: challenge,
      code_challenge_method: 'plain',
    });
    await expectErrorRedirect(explicit, {
      error: 'invalid_request',
      state: 'xyz',
      description: 'The code_challenge_method is not supported.',
    });
    const { code_challenge_method: _, ...implied } = codeParams(client, {
      code_challenge: challenge,
    });
    await expectErrorRedirect(
      await server.createAuthorizationResponse(authorizeRequest(implied), testUser()),
      {
        error: 'invalid_request',
        state: 'xyz',
        description: 'The code_challenge_method is not supported.',
      },
    );
    expect(stores.dump().codes).toEqual([]);
  });

  test('with pkceMethods including plain, an omitted method means plain, and it works', async () => {
    const { server, stores } = createTestServer({ config: { pkceMethods: ['S256', 'plain'] } });
    const client = await registerAuthzClient(stores, { tokenEndpointAuthMethod: 'none' });
    const verifier = 'plain-verifier-0123456789-abcdefghijklmnopqrstuvwxyz';
    const { code_challenge_method: _, ...params } = codeParams(client, {
      code_challenge: verifier,
    });
    const r = await expectRedirect(
      await server.createAuthorizationResponse(authorizeRequest(params), testUser()),
    );
    expect(stores.dump().codes[0]).toMatchObject({
      codeChallenge: verifier,
      codeChallengeMethod: 'plain',
    });
    const response = await server.createTokenResponse(
      exchange(client, r.query.get('code')!, verifier),
    );
    expect(response.status).toBe(200);
  });

  test('an unknown method is refused even when plain is allowed', async () => {
    const { server, stores } = createTestServer({ config: { pkceMethods: ['S256', 'plain'] } });
    const client = await registerAuthzClient(stores, { tokenEndpointAuthMethod: 'none' });
    for (const method of ['S512', 's256', 'PLAIN']) {
      await expectErrorRedirect(
        await authorize(server, client, { code_challenge_method: method }),
        { error: 'invalid_request', state: 'xyz' },
      );
    }
  });

  test('code_challenge_method without code_challenge: invalid_request', async () => {
    const { server, stores } = createTestServer();
    const client = await registerAuthzClient(stores);
    await expectErrorRedirect(
      await server.createAuthorizationResponse(
        authorizeRequest({ ...withoutPkce(client), code_challenge_method: 'S256' }),
        testUser(),
      ),
      {
        error: 'invalid_request',
        state: 'xyz',
        description: 'The code_challenge parameter is required.',
      },
    );
  });

  const badChallenges = [
    'a'.repeat(42),
    'a'.repeat(129),
    `${'a'.repeat(42)}+`,
    `${'a'.repeat(42)}/`,
    `${'a'.repeat(42)}=`,
    `${'a'.repeat(42)} `,
    `${'a'.repeat(42)}%`,
    `${'a'.repeat(42)}é`,
  ];
  for (const challenge of badChallenges) {
    test(`challenge ${JSON.stringify(challenge.slice(38))} (${challenge.length} chars) is refused`, async () => {
      const { server, stores } = createTestServer();
      const client = await registerAuthzClient(stores, { tokenEndpointAuthMethod: 'none' });
      await expectErrorRedirect(await authorize(server, client, { code_challenge: challenge }), {
        error: 'invalid_request',
        state: 'xyz',
        description: 'The code_challenge must be 43 to 128 characters of [A-Za-z0-9-._~].',
      });
      expect(stores.dump().codes).toEqual([]);
    });
  }

  test('challenges of 43 and 128 characters of [A-Za-z0-9-._~] are accepted', async () => {
    const { server, stores } = createTestServer();
    const client = await registerAuthzClient(stores, { tokenEndpointAuthMethod: 'none' });
    for (const challenge of ['a'.repeat(43), `${'Az09-._~'.repeat(16)}`]) {
      await expectRedirect(await authorize(server, client, { code_challenge: challenge }));
    }
    expect(stores.dump().codes.map((c) => c.codeChallenge?.length)).toEqual([43, 128]);
  });

  test('config.pkceMethods accepts only S256 and plain', () => {
    for (const pkceMethods of [[], ['S512'], ['S256', 'none']]) {
      expect(() => createTestServer({ config: { pkceMethods: pkceMethods as never } })).toThrow(
        TypeError,
      );
    }
  });
});

describe('SECURITY 8: codes live at most 10 minutes and are bound', () => {
  test('the stored record: digest only, bound to client, redirect URI, scope, user, PKCE', async () => {
    const { server, stores } = createTestServer();
    const client = await registerAuthzClient(stores, { tokenEndpointAuthMethod: 'none' });
    const { challenge } = pkcePair();
    const before = Date.now();
    const r = await expectRedirect(
      await server.createAuthorizationResponse(
        authorizeRequest(
          codeParams(client, { code_challenge: challenge, scope: 'write read', nonce: 'n-1' }),
        ),
        testUser('alice'),
      ),
    );
    const code = r.query.get('code')!;
    const [record, ...rest] = stores.dump().codes;
    expect(rest).toEqual([]);
    expect(record).toEqual({
      codeDigest: digestToken(code),
      clientId: client.clientId,
      userId: 'alice',
      redirectUri: REDIRECT_URI,
      scope: 'write read',
      codeChallenge: challenge,
      codeChallengeMethod: 'S256',
      nonce: 'n-1',
      familyId: expect.stringMatching(/^[0-9a-f]{32}$/),
      issuedAt: expect.any(Date),
      expiresAt: expect.any(Date),
      consumedAt: null,
      replayedAt: null,
      extensions: {},
    });
    expect(record!.issuedAt.getTime()).toBeGreaterThanOrEqual(before);
    expect(record!.issuedAt.getTime()).toBeLessThanOrEqual(Date.now());
    expect(record!.expiresAt.getTime() - record!.issuedAt.getTime()).toBe(300_000);
    expect(JSON.stringify(stores.dump())).not.toContain(code);
  });

  test('authorizationCodeExpiresIn sets the lifetime; above 600 s it throws TypeError', async () => {
    const { server, stores } = createTestServer({ config: { authorizationCodeExpiresIn: 60 } });
    const client = await registerAuthzClient(stores);
    await authorizeCode(server, client);
    const [record] = stores.dump().codes;
    expect(record!.expiresAt.getTime() - record!.issuedAt.getTime()).toBe(60_000);
    expect(() => createTestServer({ config: { authorizationCodeExpiresIn: 600 } })).not.toThrow();
    for (const bad of [601, 3600, 0, -1, 1.5, Number.NaN, '300']) {
      expect(() =>
        createTestServer({ config: { authorizationCodeExpiresIn: bad as number } }),
      ).toThrow(/authorizationCodeExpiresIn/);
      expect(() =>
        createTestServer({ config: { authorizationCodeExpiresIn: bad as number } }),
      ).toThrow(TypeError);
    }
  });

  test('a code is refused once its lifetime is over', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const { server, stores } = createTestServer();
    const client = await registerAuthzClient(stores);
    const fresh = await authorizeCode(server, client);
    const stale = await authorizeCode(server, client);
    vi.setSystemTime(Date.now() + 299_000);
    const ok = await server.createTokenResponse(exchange(client, fresh.code, fresh.verifier));
    expect(ok.status).toBe(200);
    vi.setSystemTime(Date.now() + 2_000);
    await expectError(
      await server.createTokenResponse(exchange(client, stale.code, stale.verifier)),
      400,
      'invalid_grant',
      CODE_INVALID,
    );
  });

  test('the issued token carries the code scope and user, whatever the token request says', async () => {
    const { server, stores } = createTestServer();
    const client = await registerAuthzClient(stores);
    const { code, verifier } = await authorizeCode(
      server,
      client,
      { scope: 'read' },
      testUser('bob'),
    );
    const response = await server.createTokenResponse(
      exchange(client, code, verifier, { scope: 'read write' }),
    );
    const body = (await response.json()) as Record<string, unknown>;
    expect(response.status).toBe(200);
    expect(body.scope).toBe('read');
    const [token] = stores.dump().tokens;
    expect(token).toMatchObject({ clientId: client.clientId, userId: 'bob', scope: 'read' });
    expect(token!.familyId).toBe(stores.dump().codes[0]!.familyId);
  });

  test('exchanging with another client fails and leaves the code to its own client (rule 28)', async () => {
    const { server, stores } = createTestServer();
    const client = await registerAuthzClient(stores);
    const other = await registerAuthzClient(stores);
    const { code, verifier } = await authorizeCode(server, client);
    await expectError(
      await server.createTokenResponse(exchange(other, code, verifier)),
      400,
      'invalid_grant',
      'The authorization code was issued to another client.',
    );
    expect(stores.dump().tokens).toEqual([]);
    expect(stores.dump().codes[0]!.consumedAt).toBeNull();
    const response = await server.createTokenResponse(exchange(client, code, verifier));
    expect(response.status).toBe(200);
  });

  const bindings: [string, (ctx: BindingContext) => Request, string][] = [
    [
      'another registered redirect URI',
      ({ client, code, verifier }) =>
        exchange(client, code, verifier, { redirect_uri: 'https://app.example/other' }),
      'The redirect_uri does not match the authorization request.',
    ],
    [
      'no redirect URI',
      ({ client, code, verifier }) => exchange(client, code, verifier, { redirect_uri: null }),
      'The redirect_uri does not match the authorization request.',
    ],
    [
      'another PKCE verifier',
      ({ client, code }) => exchange(client, code, pkcePair().verifier),
      'The code_verifier does not match the code_challenge.',
    ],
    [
      'no PKCE verifier',
      ({ client, code }) => exchange(client, code, undefined),
      'The code_verifier is required.',
    ],
  ];
  for (const [name, makeRequest, description] of bindings) {
    test(`exchanging with ${name} fails, and uses the code up`, async () => {
      const { server, stores } = createTestServer();
      const client = await registerAuthzClient(stores, {
        redirectUris: [REDIRECT_URI, 'https://app.example/other'],
      });
      const other = await registerAuthzClient(stores, {
        redirectUris: [REDIRECT_URI, 'https://app.example/other'],
      });
      const { code, verifier } = await authorizeCode(server, client);
      await expectError(
        await server.createTokenResponse(makeRequest({ client, other, code, verifier })),
        400,
        'invalid_grant',
        description,
      );
      expect(stores.dump().tokens).toEqual([]);
      // The failed attempt consumed the code: the right request now fails too.
      await expectError(
        await server.createTokenResponse(exchange(client, code, verifier)),
        400,
        'invalid_grant',
        CODE_INVALID,
      );
    });
  }

  test('the right binding exchanges once', async () => {
    const { server, stores } = createTestServer();
    const client = await registerAuthzClient(stores);
    const { code, verifier } = await authorizeCode(server, client);
    const response = await server.createTokenResponse(exchange(client, code, verifier));
    expect(response.status).toBe(200);
    expect(stores.dump().codes[0]!.consumedAt).toBeInstanceOf(Date);
  });
});

interface BindingContext {
  client: TestClient;
  other: TestClient;
  code: string;
  verifier: string;
}

describe('SECURITY 12 at the authorization side: a replayed code revokes its tokens', () => {
  test('second redemption: invalid_grant, and the first tokens stop working', async () => {
    const { server, stores } = createTestServer();
    const revoked: ServerEvents['tokenRevoked'][] = [];
    server.on('tokenRevoked', (e) => revoked.push(e));
    const client = await registerAuthzClient(stores);
    const { code, verifier } = await authorizeCode(server, client);
    const first = await server.createTokenResponse(exchange(client, code, verifier));
    const tokens = (await first.json()) as { access_token: string; refresh_token: string };
    expect(first.status).toBe(200);
    const validate = server.createBearerTokenValidator();
    await expect(validate(bearerRequest(tokens.access_token))).resolves.toBeDefined();

    await expectError(
      await server.createTokenResponse(exchange(client, code, verifier)),
      400,
      'invalid_grant',
      CODE_INVALID,
    );
    await expect(validate(bearerRequest(tokens.access_token))).rejects.toBeInstanceOf(
      InvalidTokenError,
    );
    await expectError(
      await server.createTokenResponse(
        formPost(
          'token',
          { grant_type: 'refresh_token', refresh_token: tokens.refresh_token },
          client,
        ),
      ),
      400,
      'invalid_grant',
    );
    const familyId = stores.dump().codes[0]!.familyId;
    expect(stores.dump().tokens.map((t) => [t.familyId, t.revokedAt !== null])).toEqual([
      [familyId, true],
    ]);
    expect(stores.dump().codes[0]!.replayedAt).toBeInstanceOf(Date);
    expect(revoked).toEqual([{ familyId, record: null, client: null, reason: 'code_replay' }]);
  });
});
