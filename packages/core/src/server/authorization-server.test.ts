import { afterEach, describe, expect, test, vi } from 'vitest';
import {
  expectError,
  expectToken,
  ISSUER,
  registerClient,
  tokenRequest,
} from '../../test/helpers.js';
import { createMemoryStores } from '../stores/memory-stores.js';
import { AuthorizationServer } from './authorization-server.js';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('lazy init (Authlib init_app)', () => {
  test('a server built before its stores answers 500 until init(), then serves', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const server = new AuthorizationServer();
    expect(() => server.config).toThrow(
      new TypeError('AuthorizationServer is not initialised: call init()'),
    );
    const stores = createMemoryStores();
    const client = await registerClient(stores);
    const request = () => tokenRequest({ grant_type: 'client_credentials' }, { basic: client });
    await expectError(
      await server.createTokenResponse(request()),
      500,
      'server_error',
      'The server encountered an unexpected error.',
    );
    expect(errors).toHaveBeenCalledTimes(1);

    expect(server.init({ ...stores, config: { issuer: ISSUER } })).toBe(server);
    expect(server.config.issuer).toBe(ISSUER);
    await expectToken(await server.createTokenResponse(request()));
    expect(stores.dump().tokens).toHaveLength(1);
  });

  test('a generator registered before init is kept', async () => {
    const server = new AuthorizationServer();
    server.registerTokenGenerator('default', ({ scope }) => ({
      accessToken: `early-${'e'.repeat(40)}`,
      tokenType: 'Bearer',
      expiresIn: 7,
      scope,
    }));
    const stores = createMemoryStores();
    server.init({ ...stores, config: { issuer: ISSUER } });
    const client = await registerClient(stores);
    const body = await expectToken(
      await server.createTokenResponse(
        tokenRequest({ grant_type: 'client_credentials' }, { basic: client }),
      ),
    );
    expect(body.access_token).toBe(`early-${'e'.repeat(40)}`);
  });

  test('onServerError receives 5xx errors with their private cause, and nothing else', async () => {
    const seen: string[] = [];
    const server = new AuthorizationServer({
      ...createMemoryStores(),
      clients: {
        findClient: async () => {
          throw new Error('pool exhausted');
        },
        saveClient: async () => {},
        deleteClient: async () => false,
      },
      config: { issuer: ISSUER },
      onServerError: (error) => seen.push(`${error.error}: ${(error.cause as Error).message}`),
    });
    const response = await server.createTokenResponse(
      tokenRequest({ grant_type: 'client_credentials' }, { basic: { clientId: 'a', secret: 'b' } }),
    );
    await expectError(response, 503, 'temporarily_unavailable');
    await expectError(
      await server.createTokenResponse(tokenRequest({ grant_type: 'nope' })),
      400,
      'unsupported_grant_type',
    );
    expect(seen).toEqual(['temporarily_unavailable: pool exhausted']);
  });
});

describe('construction mistakes are TypeErrors', () => {
  test.each<[string, unknown, string]>([
    ['no options object', null, 'AuthorizationServer needs an options object with a config'],
    [
      'no client store or queryClient',
      { tokens: createMemoryStores().tokens, config: { issuer: ISSUER } },
      'AuthorizationServer needs queryClient or clients',
    ],
    [
      'no token store or saveToken',
      { clients: createMemoryStores().clients, config: { issuer: ISSUER } },
      'AuthorizationServer needs saveToken or tokens',
    ],
    ['no config', { ...createMemoryStores() }, 'config must be an object with at least an issuer'],
  ])('%s', (_, options, message) => {
    expect(() => new AuthorizationServer().init(options as never)).toThrow(new TypeError(message));
  });

  test('registering something that is not a grant, endpoint or generator', () => {
    const server = new AuthorizationServer({ ...createMemoryStores(), config: { issuer: ISSUER } });
    expect(() => server.registerGrant({} as never)).toThrow(TypeError);
    expect(() => server.registerGrant({} as never)).toThrow(/^registerGrant needs a grant/);
    expect(() => server.registerEndpoint({ name: 'x' } as never)).toThrow(
      new TypeError('registerEndpoint needs an endpoint with name and handle'),
    );
    expect(() => server.registerTokenGenerator('default', null as never)).toThrow(
      new TypeError('a token generator is a function'),
    );
  });
});
