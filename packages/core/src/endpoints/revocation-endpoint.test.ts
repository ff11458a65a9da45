import { afterEach, describe, expect, test, vi } from 'vitest';
import {
  bearerRequest,
  createSwitchableStores,
  createTestServer,
  expectError,
  formPost,
  ISSUER,
  issueTokens,
  registerAuthzClient,
  type TestClient,
} from '../../test/helpers.js';
import { InvalidTokenError } from '../errors/errors.js';
import type { ServerEvents } from '../events/server-events.js';

// Token revocation (RFC 7009) and SECURITY 22.

afterEach(() => {
  vi.useRealTimers();
});

type Server = ReturnType<typeof createTestServer>['server'];

function revoke(server: Server, client: TestClient | null, params: Record<string, string>) {
  return server.createEndpointResponse('revocation', formPost('revoke', params, client));
}

/** Asserts the one success answer of RFC 7009 2.2: 200, empty body, no-store. */
async function expectRevoked(response: Response): Promise<void> {
  const body = await response.text();
  expect(response.status, body).toBe(200);
  expect(body).toBe('');
  expect(response.headers.get('cache-control')).toBe('no-store');
  expect(response.headers.get('pragma')).toBe('no-cache');
}

async function isValidBearer(server: Server, accessToken: string): Promise<boolean> {
  return server
    .createBearerTokenValidator()(bearerRequest(accessToken))
    .then(
      () => true,
      (e: unknown) => {
        if (e instanceof InvalidTokenError) return false;
        throw e;
      },
    );
}

function refresh(server: Server, client: TestClient, refreshToken: string) {
  return server.createTokenResponse(
    formPost('token', { grant_type: 'refresh_token', refresh_token: refreshToken }, client),
  );
}

async function setup(options: Parameters<typeof createTestServer>[0] = {}) {
  const { server, stores } = createTestServer(options);
  const client = await registerAuthzClient(stores);
  const other = await registerAuthzClient(stores);
  const tokens = await issueTokens(server, client);
  return { server, stores, client, other, tokens };
}

describe('SECURITY 22: revocation requires client authentication', () => {
  test('no client authentication: 401 invalid_client, token untouched', async () => {
    const { server, stores, tokens } = await setup();
    const response = await revoke(server, null, { token: tokens.access_token });
    await expectError(response, 401, 'invalid_client', 'Client authentication failed.');
    expect(await isValidBearer(server, tokens.access_token)).toBe(true);
    expect(stores.dump().tokens[0]!.revokedAt).toBeNull();
  });

  test('a wrong secret: 401 with a Basic challenge, token untouched', async () => {
    const { server, client, tokens } = await setup();
    const response = await revoke(
      server,
      { clientId: client.clientId, secret: 'wrong' },
      { token: tokens.access_token },
    );
    expect(response.headers.get('www-authenticate')).toBe('Basic realm="oauthkit"');
    await expectError(response, 401, 'invalid_client');
    expect(await isValidBearer(server, tokens.access_token)).toBe(true);
  });

  test('GET is refused with 405 and Allow: POST', async () => {
    const { server } = await setup();
    const response = await server.createEndpointResponse(
      'revocation',
      new Request(`${ISSUER}/revoke?token=x`),
    );
    expect(response.headers.get('allow')).toBe('POST');
    await expectError(response, 405, 'invalid_request');
  });

  test('missing token: invalid_request', async () => {
    const { server, client } = await setup();
    await expectError(
      await revoke(server, client, {}),
      400,
      'invalid_request',
      'The token parameter is required.',
    );
  });
});

describe('revocation (RFC 7009 2.1)', () => {
  test('an access token: 200, and the bearer token stops working', async () => {
    const { server, stores, client, tokens } = await setup();
    await expectRevoked(await revoke(server, client, { token: tokens.access_token }));
    expect(await isValidBearer(server, tokens.access_token)).toBe(false);
    expect(stores.dump().tokens[0]!.revokedAt).toBeInstanceOf(Date);
  });

  test('a public client revokes its own token with client_id alone', async () => {
    const { server, stores } = createTestServer();
    const client = await registerAuthzClient(stores, { tokenEndpointAuthMethod: 'none' });
    const tokens = await issueTokens(server, client);
    await expectRevoked(await revoke(server, client, { token: tokens.access_token }));
    expect(await isValidBearer(server, tokens.access_token)).toBe(false);
  });

  test('token_type_hint is honoured but not trusted: a wrong hint still revokes', async () => {
    const a = await setup();
    await expectRevoked(
      await revoke(a.server, a.client, {
        token: a.tokens.access_token,
        token_type_hint: 'refresh_token',
      }),
    );
    expect(await isValidBearer(a.server, a.tokens.access_token)).toBe(false);

    const b = await setup();
    await expectRevoked(
      await revoke(b.server, b.client, {
        token: b.tokens.refresh_token!,
        token_type_hint: 'access_token',
      }),
    );
    expect(await isValidBearer(b.server, b.tokens.access_token)).toBe(false);
    await expectError(
      await refresh(b.server, b.client, b.tokens.refresh_token!),
      400,
      'invalid_grant',
    );

    const c = await setup();
    await expectRevoked(
      await revoke(c.server, c.client, { token: c.tokens.access_token, token_type_hint: 'bogus' }),
    );
    expect(await isValidBearer(c.server, c.tokens.access_token)).toBe(false);
  });

  test('a refresh token revokes its whole family, every access token included', async () => {
    const { server, stores, client, tokens } = await setup();
    // Without rotation the same refresh token yields more access tokens of one family.
    const second = (await (await refresh(server, client, tokens.refresh_token!)).json()) as {
      access_token: string;
    };
    const third = (await (await refresh(server, client, tokens.refresh_token!)).json()) as {
      access_token: string;
    };
    const unrelated = await issueTokens(server, client);
    const accessTokens = [tokens.access_token, second.access_token, third.access_token];
    for (const t of accessTokens) expect(await isValidBearer(server, t)).toBe(true);

    await expectRevoked(
      await revoke(server, client, {
        token: tokens.refresh_token!,
        token_type_hint: 'refresh_token',
      }),
    );
    for (const t of accessTokens) expect(await isValidBearer(server, t)).toBe(false);
    await expectError(await refresh(server, client, tokens.refresh_token!), 400, 'invalid_grant');
    expect(await isValidBearer(server, unrelated.access_token)).toBe(true);
    expect(stores.dump().tokens.filter((t) => t.revokedAt !== null)).toHaveLength(3);
  });

  test('a rotated family: revoking the newest refresh token revokes the newest access token', async () => {
    const { server, stores } = createTestServer();
    const client = await registerAuthzClient(stores, { tokenEndpointAuthMethod: 'none' });
    const first = await issueTokens(server, client);
    const rotated = (await (await refresh(server, client, first.refresh_token!)).json()) as {
      access_token: string;
      refresh_token: string;
    };
    expect(rotated.refresh_token).not.toBe(first.refresh_token);
    await expectRevoked(await revoke(server, client, { token: rotated.refresh_token }));
    expect(await isValidBearer(server, rotated.access_token)).toBe(false);
    expect(await isValidBearer(server, first.access_token)).toBe(false);
  });
});

describe('SECURITY 22: tokens that cannot be revoked get 200 and no effect', () => {
  test('an unknown token: 200, store unchanged', async () => {
    const { server, stores, client } = await setup();
    const before = stores.dump();
    await expectRevoked(await revoke(server, client, { token: 'no-such-token' }));
    await expectRevoked(
      await revoke(server, client, { token: 'x'.repeat(43), token_type_hint: 'refresh_token' }),
    );
    expect(stores.dump()).toEqual(before);
  });

  test("another client's token: 200, and it stays active", async () => {
    const { server, stores, other, tokens } = await setup();
    const before = stores.dump();
    const events: ServerEvents['tokenRevoked'][] = [];
    server.on('tokenRevoked', (e) => events.push(e));
    await expectRevoked(await revoke(server, other, { token: tokens.access_token }));
    await expectRevoked(await revoke(server, other, { token: tokens.refresh_token! }));
    expect(await isValidBearer(server, tokens.access_token)).toBe(true);
    expect(stores.dump()).toEqual(before);
    expect(events).toEqual([]);
  });

  test('an expired access token: 200 and no effect (its refresh token still works)', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const { server, stores, client, tokens } = await setup({
      config: { tokenExpiresIn: { authorization_code: 60 } },
    });
    vi.setSystemTime(Date.now() + 61_000);
    await expectRevoked(await revoke(server, client, { token: tokens.access_token }));
    expect(stores.dump().tokens[0]!.revokedAt).toBeNull();
    expect((await refresh(server, client, tokens.refresh_token!)).status).toBe(200);
  });

  test('an already revoked token: 200, revocation time and events unchanged', async () => {
    const { server, stores, client, tokens } = await setup();
    const events: ServerEvents['tokenRevoked'][] = [];
    server.on('tokenRevoked', (e) => events.push(e));
    await expectRevoked(await revoke(server, client, { token: tokens.access_token }));
    const revokedAt = stores.dump().tokens[0]!.revokedAt;
    expect(revokedAt).toBeInstanceOf(Date);
    await new Promise((r) => setTimeout(r, 5));
    await expectRevoked(await revoke(server, client, { token: tokens.access_token }));
    await expectRevoked(await revoke(server, client, { token: tokens.refresh_token! }));
    expect(stores.dump().tokens[0]!.revokedAt).toEqual(revokedAt);
    expect(events).toHaveLength(1);
  });
});

describe('SECURITY 22: a store failure is 503, never 200', () => {
  for (const method of [
    'tokens.findByAccessToken',
    'tokens.revokeAccessToken',
    'clients.findClient',
  ]) {
    test(`${method} fails: 503 temporarily_unavailable; the retry revokes`, async () => {
      const breakable = createSwitchableStores();
      const { server } = createTestServer({ stores: breakable.stores, onServerError: () => {} });
      const client = await registerAuthzClient(breakable.stores);
      const tokens = await issueTokens(server, client);
      breakable.breakMethod(method);
      const response = await revoke(server, client, { token: tokens.access_token });
      expect(response.headers.get('retry-after')).toBe('1');
      await expectError(response, 503, 'temporarily_unavailable');
      breakable.repair();
      expect(await isValidBearer(server, tokens.access_token)).toBe(true);
      await expectRevoked(await revoke(server, client, { token: tokens.access_token }));
      expect(await isValidBearer(server, tokens.access_token)).toBe(false);
    });
  }

  test('revokeFamily fails for a refresh token: 503, and the family stays as it was', async () => {
    const breakable = createSwitchableStores();
    const { server } = createTestServer({ stores: breakable.stores, onServerError: () => {} });
    const client = await registerAuthzClient(breakable.stores);
    const tokens = await issueTokens(server, client);
    breakable.breakMethod('tokens.revokeFamily');
    await expectError(
      await revoke(server, client, { token: tokens.refresh_token! }),
      503,
      'temporarily_unavailable',
    );
    expect(await isValidBearer(server, tokens.access_token)).toBe(true);
    breakable.breakMethod('tokens.findByRefreshToken');
    breakable.breakMethod('tokens.findByAccessToken');
    await expectError(
      await revoke(server, client, { token: tokens.refresh_token! }),
      503,
      'temporarily_unavailable',
    );
    breakable.repair();
    await expectRevoked(await revoke(server, client, { token: tokens.refresh_token! }));
    expect(await isValidBearer(server, tokens.access_token)).toBe(false);
  });
});

describe('a rotated refresh token presented for revocation', () => {
  test('revokes the whole family, the newer tokens included (someone else may hold them)', async () => {
    const { server, client, tokens } = await setup({
      config: { rotateConfidentialRefreshTokens: true },
    });
    const rotated = await refresh(server, client, tokens.refresh_token!);
    expect(rotated.status).toBe(200);
    const newer = (await rotated.json()) as { access_token: string; refresh_token: string };
    expect(await isValidBearer(server, newer.access_token)).toBe(true);
    await expectRevoked(await revoke(server, client, { token: tokens.refresh_token! }));
    expect(await isValidBearer(server, newer.access_token)).toBe(false);
    const again = await refresh(server, client, newer.refresh_token);
    await expectError(again, 400, 'invalid_grant');
  });

  test('by another client: no effect', async () => {
    const { server, client, other, tokens } = await setup({
      config: { rotateConfidentialRefreshTokens: true },
    });
    const newer = (await (await refresh(server, client, tokens.refresh_token!)).json()) as {
      access_token: string;
    };
    await expectRevoked(await revoke(server, other, { token: tokens.refresh_token! }));
    expect(await isValidBearer(server, newer.access_token)).toBe(true);
  });
});
