import { afterEach, describe, expect, test, vi } from 'vitest';
import {
  createSwitchableStores,
  createTestServer,
  expectError,
  formPost,
  ISSUER,
  issueTokens,
  registerAuthzClient,
  type TestClient,
  testUser,
} from '../../test/helpers.js';
import type { User } from '../models/user.js';

// Token introspection (RFC 7662) and SECURITY 23.

afterEach(() => {
  vi.useRealTimers();
});

type Server = ReturnType<typeof createTestServer>['server'];

const queryUser = async (id: string): Promise<User | null> => testUser(id);

function introspect(server: Server, client: TestClient | null, params: Record<string, string>) {
  return server.createEndpointResponse('introspection', formPost('introspect', params, client));
}

async function expectBody(response: Response): Promise<Record<string, unknown>> {
  const text = await response.text();
  expect(response.status, text).toBe(200);
  expect(response.headers.get('content-type')).toBe('application/json;charset=UTF-8');
  expect(response.headers.get('cache-control')).toBe('no-store');
  return JSON.parse(text) as Record<string, unknown>;
}

/** SECURITY 23: anything invalid is `{"active": false}` and nothing more. */
async function expectInactive(response: Response): Promise<void> {
  expect(await expectBody(response)).toStrictEqual({ active: false });
}

const seconds = (d: Date | null | undefined) => Math.floor(d!.getTime() / 1000);

async function setup(options: Parameters<typeof createTestServer>[0] = {}) {
  const { server, stores } = createTestServer({ queryUser, ...options });
  const client = await registerAuthzClient(stores);
  const other = await registerAuthzClient(stores);
  const tokens = await issueTokens(server, client, { scope: 'read write' }, testUser('erin'));
  return { server, stores, client, other, tokens };
}

describe('SECURITY 23: introspection requires authentication', () => {
  test('no client authentication: 401 invalid_client, nothing about the token', async () => {
    const { server, tokens } = await setup();
    const body = await expectError(
      await introspect(server, null, { token: tokens.access_token }),
      401,
      'invalid_client',
    );
    expect(body).not.toHaveProperty('active');
  });

  test('a wrong secret: 401 invalid_client', async () => {
    const { server, client, tokens } = await setup();
    await expectError(
      await introspect(
        server,
        { clientId: client.clientId, secret: 'nope' },
        { token: tokens.access_token },
      ),
      401,
      'invalid_client',
    );
  });

  test('missing token: invalid_request', async () => {
    const { server, client } = await setup();
    await expectError(
      await introspect(server, client, {}),
      400,
      'invalid_request',
      'The token parameter is required.',
    );
  });
});

describe('active tokens (RFC 7662 2.2)', () => {
  test('an access token: scope, client_id, username, token_type, exp, iat, sub, aud, iss', async () => {
    const { server, stores, client, tokens } = await setup();
    const record = stores.dump().tokens[0]!;
    expect(
      await expectBody(await introspect(server, client, { token: tokens.access_token })),
    ).toStrictEqual({
      active: true,
      scope: 'read write',
      client_id: client.clientId,
      username: 'name-erin',
      token_type: 'Bearer',
      exp: seconds(record.accessTokenExpiresAt),
      iat: seconds(record.issuedAt),
      sub: 'erin',
      aud: client.clientId,
      iss: ISSUER,
    });
    expect(seconds(record.accessTokenExpiresAt) - seconds(record.issuedAt)).toBe(3_600);
  });

  test('a refresh token: active, with its own type and expiry', async () => {
    const { server, stores, client, tokens } = await setup();
    const record = stores.dump().tokens[0]!;
    const body = await expectBody(
      await introspect(server, client, {
        token: tokens.refresh_token!,
        token_type_hint: 'refresh_token',
      }),
    );
    expect(body).toStrictEqual({
      active: true,
      scope: 'read write',
      client_id: client.clientId,
      username: 'name-erin',
      token_type: 'refresh_token',
      exp: seconds(record.refreshTokenExpiresAt),
      iat: seconds(record.issuedAt),
      sub: 'erin',
      aud: client.clientId,
      iss: ISSUER,
    });
    expect((body.exp as number) - (body.iat as number)).toBe(2_592_000);
  });

  test('a wrong hint does not hide the token', async () => {
    const { server, client, tokens } = await setup();
    const a = await expectBody(
      await introspect(server, client, {
        token: tokens.refresh_token!,
        token_type_hint: 'access_token',
      }),
    );
    expect(a).toMatchObject({ active: true, token_type: 'refresh_token' });
    const b = await expectBody(
      await introspect(server, client, {
        token: tokens.access_token,
        token_type_hint: 'refresh_token',
      }),
    );
    expect(b).toMatchObject({ active: true, token_type: 'Bearer' });
  });

  test('a refresh token that never expires has no exp', async () => {
    const { server, client, tokens } = await setup({ config: { refreshTokenExpiresIn: null } });
    const body = await expectBody(
      await introspect(server, client, { token: tokens.refresh_token! }),
    );
    expect(body.active).toBe(true);
    expect(body).not.toHaveProperty('exp');
  });

  test('a user without getUsername: no username claim', async () => {
    const { server, stores } = createTestServer();
    const client = await registerAuthzClient(stores);
    const tokens = await issueTokens(server, client, {}, { getUserId: () => 'plain' });
    const body = await expectBody(await introspect(server, client, { token: tokens.access_token }));
    expect(body).toMatchObject({ active: true, sub: 'plain' });
    expect(body).not.toHaveProperty('username');
  });

  test("canIntrospect and audience let a resource server see other clients' tokens", async () => {
    const { server, stores } = createTestServer({
      queryUser,
      introspection: {
        canIntrospect: (caller, record) =>
          caller.clientId === 'resource-server' || caller.clientId === record.clientId,
        audience: () => ['https://api.example'],
      },
    });
    const client = await registerAuthzClient(stores);
    const rs = await registerAuthzClient(stores, { clientId: 'resource-server' });
    const stranger = await registerAuthzClient(stores);
    const tokens = await issueTokens(server, client);
    const body = await expectBody(await introspect(server, rs, { token: tokens.access_token }));
    expect(body).toMatchObject({
      active: true,
      client_id: client.clientId,
      aud: ['https://api.example'],
    });
    await expectInactive(await introspect(server, stranger, { token: tokens.access_token }));
  });
});

describe('SECURITY 23: anything invalid is {"active": false} and nothing more', () => {
  test('an unknown token', async () => {
    const { server, client } = await setup();
    await expectInactive(await introspect(server, client, { token: 'no-such-token' }));
    await expectInactive(
      await introspect(server, client, { token: 'x'.repeat(43), token_type_hint: 'refresh_token' }),
    );
  });

  test('a revoked token, access and refresh', async () => {
    const { server, client, tokens } = await setup();
    const revoked = await server.createEndpointResponse(
      'revocation',
      formPost('revoke', { token: tokens.access_token }, client),
    );
    expect(revoked.status).toBe(200);
    await expectInactive(await introspect(server, client, { token: tokens.access_token }));
    await expectInactive(await introspect(server, client, { token: tokens.refresh_token! }));
  });

  test('an expired access token (its refresh token is still active)', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const { server, client, tokens } = await setup({
      config: { tokenExpiresIn: { authorization_code: 60 } },
    });
    vi.setSystemTime(Date.now() + 60_001);
    await expectInactive(await introspect(server, client, { token: tokens.access_token }));
    const body = await expectBody(
      await introspect(server, client, { token: tokens.refresh_token! }),
    );
    expect(body.active).toBe(true);
  });

  test('an expired refresh token', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const { server, client, tokens } = await setup({ config: { refreshTokenExpiresIn: 120 } });
    vi.setSystemTime(Date.now() + 121_000);
    await expectInactive(await introspect(server, client, { token: tokens.refresh_token! }));
  });

  test("another client's token", async () => {
    const { server, other, tokens } = await setup();
    await expectInactive(await introspect(server, other, { token: tokens.access_token }));
    await expectInactive(await introspect(server, other, { token: tokens.refresh_token! }));
  });

  test('a rotated refresh token', async () => {
    // A public client may introspect only where the server accepts `none` there.
    const { server, stores } = createTestServer({
      queryUser,
      introspection: { authMethods: ['client_secret_basic', 'none'] },
    });
    const client = await registerAuthzClient(stores, { tokenEndpointAuthMethod: 'none' });
    const tokens = await issueTokens(server, client);
    const refreshed = await server.createTokenResponse(
      formPost(
        'token',
        { grant_type: 'refresh_token', refresh_token: tokens.refresh_token! },
        client,
      ),
    );
    expect(refreshed.status).toBe(200);
    await expectInactive(await introspect(server, client, { token: tokens.refresh_token! }));
  });

  test('a token whose user no longer exists', async () => {
    const deleted = new Set<string>();
    const { server, stores } = createTestServer({
      queryUser: async (id) => (deleted.has(id) ? null : testUser(id)),
    });
    const client = await registerAuthzClient(stores);
    const tokens = await issueTokens(server, client, {}, testUser('frank'));
    deleted.add('frank');
    await expectInactive(await introspect(server, client, { token: tokens.access_token }));
  });

  test('a store failure is 503, not an answer about the token', async () => {
    const breakable = createSwitchableStores();
    const { server } = createTestServer({ stores: breakable.stores, onServerError: () => {} });
    const client = await registerAuthzClient(breakable.stores);
    const tokens = await issueTokens(server, client);
    breakable.breakMethod('tokens.findByAccessToken');
    await expectError(
      await introspect(server, client, { token: tokens.access_token }),
      503,
      'temporarily_unavailable',
    );
  });
});
