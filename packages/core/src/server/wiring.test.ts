import { describe, expect, test } from 'vitest';
import { createTestServer, expectError, registerClient, tokenRequest } from '../../test/helpers.js';
import { createRevocationEndpoint } from '../endpoints/revocation-endpoint.js';
import { createAuthorizationCodeGrant } from '../grants/authorization-code-grant.js';
import { createClientCredentialsGrant } from '../grants/client-credentials-grant.js';
import { createRefreshTokenGrant } from '../grants/refresh-token-grant.js';
import { createMemoryStores } from '../stores/memory-stores.js';
import { AuthorizationServer } from './authorization-server.js';

// Wiring mistakes fail when the server is created (or at the latest when `ready` resolves),
// with a TypeError that says what to do: never a 500 on every request afterwards.

const config = { issuer: 'https://as.example' };

describe('wiring checked at start-up', () => {
  test('a listed grant whose store is missing: TypeError at construction', () => {
    const { clients, tokens } = createMemoryStores();
    expect(
      () =>
        new AuthorizationServer({
          clients,
          tokens,
          config,
          grants: [createAuthorizationCodeGrant()],
        }),
    ).toThrow(/authorization_code grant needs a codes store/);
    const { clients: c2, codes } = createMemoryStores();
    expect(
      () =>
        new AuthorizationServer({
          clients: c2,
          codes,
          saveToken: async () => {},
          config,
          grants: [createRefreshTokenGrant()],
        }),
    ).toThrow(/refresh_token grant needs a tokens store/);
  });

  test('a grant registered after start-up without its store: TypeError when registered', () => {
    const { clients, tokens } = createMemoryStores();
    const server = new AuthorizationServer({ clients, tokens, config });
    expect(() => server.registerGrant(createAuthorizationCodeGrant())).toThrow(TypeError);
  });

  test('registered before init, checked by init', () => {
    const server = new AuthorizationServer();
    server.registerEndpoint({
      name: 'needs-codes',
      path: '/needs-codes',
      requiredStores: ['codes'],
      handle: async () => ({ status: 204, headers: {}, body: '' }),
    });
    const { clients, tokens } = createMemoryStores();
    expect(() => server.init({ clients, tokens, config })).toThrow(
      /needs-codes endpoint needs a codes store/,
    );
  });

  test('without a codes store the default grants leave authorization_code out: a clear 400, not a 500', async () => {
    const { clients, tokens } = createMemoryStores();
    const server = new AuthorizationServer({ clients, tokens, config });
    const metadata = await server.metadata();
    expect(metadata.grant_types_supported).toEqual(['refresh_token', 'client_credentials']);
    const client = await registerClient({ clients, tokens } as never);
    await expectError(
      await server.createTokenResponse(
        tokenRequest({ grant_type: 'authorization_code', code: 'x' }, { basic: client }),
      ),
      400,
      'unsupported_grant_type',
    );
  });

  test('without a tokens store: no revocation or introspection endpoint, and no refresh grant', async () => {
    const { clients } = createMemoryStores();
    const server = new AuthorizationServer({ clients, saveToken: async () => {}, config });
    const metadata = await server.metadata();
    expect(metadata.revocation_endpoint).toBeUndefined();
    expect(metadata.introspection_endpoint).toBeUndefined();
    expect(metadata.grant_types_supported).toEqual(['client_credentials']);
    expect(() => server.createBearerTokenValidator()).toThrow(/tokens store/);
  });

  test("a store package's revocation endpoint brings its own token store: served and published", async () => {
    const { clients, tokens } = createMemoryStores();
    const server = new AuthorizationServer({ clients, saveToken: async () => {}, config });
    server.registerEndpoint(createRevocationEndpoint({ tokens }));
    expect((await server.metadata()).revocation_endpoint).toBe('https://as.example/revoke');
    const client = await registerClient({ clients, tokens } as never);
    const response = await server.createEndpointResponse(
      'revocation',
      tokenRequest({ token: 'unknown' }, { basic: client }),
    );
    expect(response.status).toBe(200);
  });

  test('a misspelt config key names itself and the closest valid one', () => {
    const stores = createMemoryStores();
    expect(
      () =>
        new AuthorizationServer({
          ...stores,
          config: { ...config, tokenExpiresin: { password: 60 } } as never,
        }),
    ).toThrow('config.tokenExpiresin is not an option; did you mean tokenExpiresIn?');
    expect(
      () => new AuthorizationServer({ ...stores, config: { ...config, colour: 'blue' } as never }),
    ).toThrow(/config.colour is not an option/);
  });

  test('a misspelt server option is a TypeError; a store bundle’s own keys are not', () => {
    const stores = createMemoryStores();
    expect(
      () => new AuthorizationServer({ ...stores, config, querUser: async () => null } as never),
    ).toThrow('options.querUser is not an option; did you mean queryUser?');
    // createMemoryStores() brings `dump` along: spreading a bundle must keep working.
    expect(() => new AuthorizationServer({ ...stores, config })).not.toThrow();
  });

  test('a token generator that cannot load rejects ready with a TypeError', async () => {
    const server = new AuthorizationServer({
      ...createMemoryStores(),
      config: { ...config, accessTokenGenerator: './does-not-exist.js#make' },
    });
    await expect(server.ready).rejects.toThrow(TypeError);
  });

  test('config.endpoints naming no registered endpoint rejects ready', async () => {
    const server = new AuthorizationServer({
      ...createMemoryStores(),
      config: { ...config, endpoints: { userinfo: '/userinfo' } },
    });
    await expect(server.ready).rejects.toThrow(
      /config.endpoints.userinfo names no registered endpoint/,
    );
    server.registerEndpoint({
      name: 'userinfo',
      handle: async () => ({ status: 204, headers: {}, body: '' }),
    });
    await expect(server.ready).resolves.toBeUndefined();
    expect(server.endpointUrl('userinfo')).toBe('https://as.example/userinfo');
  });

  test.each([
    ['no name', { handle: async () => ({}) }],
    ['the authorization name', { name: 'authorization', handle: async () => ({}) }],
    ['an empty path', { name: 'x', path: '', handle: async () => ({}) }],
    [
      'a wellKnown outside /.well-known/',
      { name: 'x', wellKnown: '/meta', handle: async () => ({}) },
    ],
    ['lower-case methods', { name: 'x', methods: ['get'], handle: async () => ({}) }],
  ])('an endpoint with %s is a TypeError when registered', (_, endpoint) => {
    const { server } = createTestServer();
    expect(() => server.registerEndpoint(endpoint as never)).toThrow(TypeError);
  });

  test('a client authentication method without verify is a TypeError when registered', () => {
    const { server } = createTestServer();
    expect(() =>
      server.registerClientAuthMethod({ name: 'x', detect: () => 'absent' } as never),
    ).toThrow(TypeError);
  });

  test('an explicit list is served as given', async () => {
    const stores = createMemoryStores();
    const server = new AuthorizationServer({
      ...stores,
      config,
      grants: [createClientCredentialsGrant()],
    });
    expect((await server.metadata()).grant_types_supported).toEqual(['client_credentials']);
  });
});
