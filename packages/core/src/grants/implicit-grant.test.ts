import { describe, expect, test } from 'vitest';
import {
  authorizeRequest,
  bearerRequest,
  createSwitchableStores,
  createTestServer,
  expectErrorRedirect,
  expectRedirect,
  ISSUER,
  REDIRECT_URI,
  registerAuthzClient,
  type TestClient,
  testUser,
} from '../../test/helpers.js';
import { digestToken } from '../crypto/digest.js';
import type { ServerEvents } from '../events/server-events.js';
import { createImplicitGrant } from './implicit-grant.js';

// `response_type=token` (RFC 6749 4.2): off unless registered, token in the fragment only,
// never a refresh token (4.2.2).

function tokenParams(client: TestClient, extra: Record<string, string> = {}) {
  return {
    response_type: 'token',
    client_id: client.clientId,
    redirect_uri: REDIRECT_URI,
    scope: 'read',
    state: 's-1',
    ...extra,
  };
}

async function implicitSetup(config = {}) {
  const { server, stores } = createTestServer({ config });
  server.registerGrant(createImplicitGrant());
  // A public client that may also refresh: implicit must still never return a refresh token.
  const client = await registerAuthzClient(stores, {
    responseTypes: ['code', 'token'],
    grantTypes: ['authorization_code', 'implicit', 'refresh_token'],
    tokenEndpointAuthMethod: 'none',
  });
  return { server, stores, client };
}

describe('implicit grant', () => {
  test('off unless registered: unsupported_response_type in the query, nothing issued', async () => {
    const { server, stores } = createTestServer();
    const client = await registerAuthzClient(stores, { responseTypes: ['token'] });
    const params = await expectErrorRedirect(
      await server.createAuthorizationResponse(authorizeRequest(tokenParams(client)), testUser()),
      {
        error: 'unsupported_response_type',
        state: 's-1',
        description: 'The response type is not supported.',
      },
    );
    expect(params.has('access_token')).toBe(false);
    expect(stores.dump().tokens).toEqual([]);
    expect((await server.metadata()).response_types_supported).toEqual(['code']);
  });

  test('registered: the token in the fragment, never a refresh token', async () => {
    const { server, stores, client } = await implicitSetup();
    const r = await expectRedirect(
      await server.createAuthorizationResponse(
        authorizeRequest(tokenParams(client)),
        testUser('carol'),
      ),
    );
    expect(r.base).toBe(REDIRECT_URI);
    expect([...r.query.keys()]).toEqual([]);
    const accessToken = r.fragment.get('access_token')!;
    expect(accessToken).toMatch(/^[\w-]{43}$/);
    expect(Object.fromEntries(r.fragment)).toEqual({
      access_token: accessToken,
      token_type: 'Bearer',
      expires_in: '3600',
      scope: 'read',
      state: 's-1',
      iss: ISSUER,
    });
    const [record, ...rest] = stores.dump().tokens;
    expect(rest).toEqual([]);
    expect(record).toMatchObject({
      accessTokenDigest: digestToken(accessToken),
      refreshTokenDigest: null,
      refreshTokenExpiresAt: null,
      clientId: client.clientId,
      userId: 'carol',
      scope: 'read',
      tokenType: 'Bearer',
      grantType: 'implicit',
      revokedAt: null,
    });
    expect(record!.accessTokenExpiresAt.getTime() - record!.issuedAt.getTime()).toBe(3_600_000);
    expect(stores.dump().codes).toEqual([]);
    expect(JSON.stringify(stores.dump())).not.toContain(accessToken);
  });

  test('no refresh token even with a custom refresh token generator', async () => {
    const { server, stores, client } = await implicitSetup({
      refreshTokenGenerator: () => 'r'.repeat(40),
    });
    const r = await expectRedirect(
      await server.createAuthorizationResponse(authorizeRequest(tokenParams(client)), testUser()),
    );
    expect(r.fragment.has('refresh_token')).toBe(false);
    expect(r.location).not.toContain('r'.repeat(40));
    expect(stores.dump().tokens[0]!.refreshTokenDigest).toBeNull();
  });

  test('the token is a working bearer token with the granted scope', async () => {
    const { server, client } = await implicitSetup();
    const r = await expectRedirect(
      await server.createAuthorizationResponse(
        authorizeRequest(tokenParams(client, { scope: 'read write' })),
        testUser(),
      ),
    );
    const validate = server.createBearerTokenValidator();
    const token = await validate(bearerRequest(r.fragment.get('access_token')!), ['write']);
    expect(token.getScope()).toBe('read write');
    expect(token.getClientId()).toBe(client.clientId);
  });

  test('tokenExpiresIn.implicit sets the lifetime; no scope asked, none returned', async () => {
    const { server, stores, client } = await implicitSetup({ tokenExpiresIn: { implicit: 600 } });
    const { scope: _, ...params } = tokenParams(client);
    const r = await expectRedirect(
      await server.createAuthorizationResponse(authorizeRequest(params), testUser()),
    );
    expect(r.fragment.get('expires_in')).toBe('600');
    expect(r.fragment.has('scope')).toBe(false);
    expect(stores.dump().tokens[0]!.scope).toBe('');
  });

  test('tokenIssued fires with the token, client, user and grant type', async () => {
    const { server, client } = await implicitSetup();
    const events: ServerEvents['tokenIssued'][] = [];
    server.on('tokenIssued', (e) => events.push(e));
    const user = testUser('dave');
    const r = await expectRedirect(
      await server.createAuthorizationResponse(authorizeRequest(tokenParams(client)), user),
    );
    expect(events).toHaveLength(1);
    const [event] = events;
    expect(event!.grantType).toBe('implicit');
    expect(event!.user).toBe(user);
    expect(event!.client.clientId).toBe(client.clientId);
    expect(event!.token).toEqual({
      accessToken: r.fragment.get('access_token'),
      tokenType: 'Bearer',
      expiresIn: 3600,
      scope: 'read',
    });
  });

  test('denied or refused: the error in the fragment, no token stored', async () => {
    const { server, stores, client } = await implicitSetup();
    await expectErrorRedirect(
      await server.createAuthorizationResponse(authorizeRequest(tokenParams(client)), null),
      { error: 'access_denied', state: 's-1', mode: 'fragment' },
    );
    await expectErrorRedirect(
      await server.createAuthorizationResponse(
        authorizeRequest(tokenParams(client, { scope: 'admin' })),
        testUser(),
      ),
      { error: 'invalid_scope', state: 's-1', mode: 'fragment' },
    );
    expect(stores.dump().tokens).toEqual([]);
  });

  test('store failure saving the token: temporarily_unavailable in the fragment, no token', async () => {
    const breakable = createSwitchableStores();
    const { server } = createTestServer({ stores: breakable.stores, onServerError: () => {} });
    server.registerGrant(createImplicitGrant());
    const client = await registerAuthzClient(breakable.stores, { responseTypes: ['token'] });
    breakable.breakMethod('tokens.saveToken');
    const params = await expectErrorRedirect(
      await server.createAuthorizationResponse(authorizeRequest(tokenParams(client)), testUser()),
      { error: 'temporarily_unavailable', state: 's-1', mode: 'fragment' },
    );
    expect(params.has('access_token')).toBe(false);
    expect(breakable.memory.dump().tokens).toEqual([]);
  });
});
