import { afterEach, describe, expect, test, vi } from 'vitest';
import {
  bearerCheck,
  codeExchange,
  createTestServer,
  expectError,
  expectToken,
  INVALID_TOKEN,
  ISSUER,
  registerClient,
  seedCode,
  tokenRequest,
} from '../../test/helpers.js';
import { createPasswordGrant } from '../grants/password-grant.js';
import { userFromId } from '../models/user.js';
import { createAuthorizationServer } from '../server/authorization-server.js';
import { createMemoryStores } from '../stores/memory-stores.js';
import { DEFAULTS } from './defaults.js';
import { type AuthorizationServerConfig, resolveConfig } from './server-config.js';

afterEach(() => {
  vi.useRealTimers();
});

/** Builds a server with this config; a mistake must throw right here, at construction. */
function construct(config: Partial<AuthorizationServerConfig> & Record<string, unknown>) {
  return () =>
    createAuthorizationServer({
      ...createMemoryStores(),
      config: { issuer: ISSUER, ...config } as AuthorizationServerConfig,
    });
}

describe('defaults', () => {
  test('access tokens live one hour for every grant; the other documented values', () => {
    const config = resolveConfig({ issuer: ISSUER });
    expect(config.tokenExpiresIn).toEqual({});
    expect(config.defaultTokenExpiresIn).toBe(3_600);
    expect(config.refreshTokenExpiresIn).toBe(2_592_000);
    expect(config.authorizationCodeExpiresIn).toBe(300);
    expect(config.accessTokenGenerator).toBe(true);
    expect(config.refreshTokenGenerator).toBe(false);
    expect(config.rotateConfidentialRefreshTokens).toBe(false);
    expect(config.refreshTokenReuseGraceSeconds).toBe(0);
    expect(config.pkceMethods).toEqual(['S256']);
    expect(config.maxBodyBytes).toBe(16_384);
    expect(config.defaultLocale).toBe('en');
    expect(config.realm).toBe('oauthkit');
    expect(config.errorUris).toEqual(new Map());
    expect(config.scopesSupported).toBeNull();
  });

  test('resolving never mutates the shared DEFAULTS', () => {
    const config = resolveConfig({ issuer: ISSUER, tokenExpiresIn: { password: 60 } });
    config.pkceMethods.push('plain');
    expect(DEFAULTS.tokenExpiresIn).toEqual({});
    expect(DEFAULTS.pkceMethods).toEqual(['S256']);
  });
});

describe('tokenExpiresIn', () => {
  test('sets the access-token lifetime per grant type, merged over the defaults', async () => {
    const { server, stores } = createTestServer({
      config: { tokenExpiresIn: { client_credentials: 60, refresh_token: 120, password: 90 } },
    });
    server.registerGrant(createPasswordGrant({ authenticateUser: async (u) => userFromId(u) }));
    const client = await registerClient(stores, {
      grantTypes: ['authorization_code', 'refresh_token', 'client_credentials', 'password'],
    });
    const cc = await expectToken(
      await server.createTokenResponse(
        tokenRequest({ grant_type: 'client_credentials' }, { basic: client }),
      ),
    );
    expect(cc.expires_in).toBe(60);
    const seeded = await seedCode(stores, { clientId: client.clientId });
    const code = await expectToken(
      await server.createTokenResponse(tokenRequest(codeExchange(seeded), { basic: client })),
    );
    expect(code.expires_in).toBe(3_600);
    const refreshed = await expectToken(
      await server.createTokenResponse(
        tokenRequest(
          { grant_type: 'refresh_token', refresh_token: code.refresh_token! },
          { basic: client },
        ),
      ),
    );
    expect(refreshed.expires_in).toBe(120);
    const password = await expectToken(
      await server.createTokenResponse(
        tokenRequest({ grant_type: 'password', username: 'u', password: 'p' }, { basic: client }),
      ),
    );
    expect(password.expires_in).toBe(90);
  });

  test('grant types without an entry get 3600 s (refresh_token, as in Authlib)', async () => {
    const { server, stores } = createTestServer();
    const client = await registerClient(stores);
    const seeded = await seedCode(stores, { clientId: client.clientId });
    const code = await expectToken(
      await server.createTokenResponse(tokenRequest(codeExchange(seeded), { basic: client })),
    );
    const refreshed = await expectToken(
      await server.createTokenResponse(
        tokenRequest(
          { grant_type: 'refresh_token', refresh_token: code.refresh_token! },
          { basic: client },
        ),
      ),
    );
    expect(refreshed.expires_in).toBe(3_600);
  });

  test('the stored expiry matches expires_in, and the token dies when it passes', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2030-01-01T00:00:00Z'));
    const { server, stores } = createTestServer({
      config: { tokenExpiresIn: { client_credentials: 60 } },
    });
    const client = await registerClient(stores);
    const token = await expectToken(
      await server.createTokenResponse(
        tokenRequest({ grant_type: 'client_credentials' }, { basic: client }),
      ),
    );
    const record = stores.dump().tokens[0]!;
    expect(record.issuedAt.toISOString()).toBe('2030-01-01T00:00:00.000Z');
    expect(record.accessTokenExpiresAt.toISOString()).toBe('2030-01-01T00:01:00.000Z');
    vi.setSystemTime(new Date('2030-01-01T00:00:59.999Z'));
    expect((await bearerCheck(stores.tokens, token.access_token)).status).toBe(200);
    vi.setSystemTime(new Date('2030-01-01T00:01:00Z'));
    expect(await bearerCheck(stores.tokens, token.access_token)).toEqual(INVALID_TOKEN);
  });

  test.each([
    [{ client_credentials: 0 }, 'config.tokenExpiresIn.client_credentials'],
    [{ password: -5 }, 'config.tokenExpiresIn.password'],
    [{ refresh_token: 1.5 }, 'config.tokenExpiresIn.refresh_token'],
    [{ implicit: '3600' }, 'config.tokenExpiresIn.implicit'],
  ])('%o is a TypeError naming the field', (tokenExpiresIn, field) => {
    expect(construct({ tokenExpiresIn: tokenExpiresIn as Record<string, number> })).toThrow(
      new TypeError(
        `${field} must be a whole number of seconds between 1 and ${Number.MAX_SAFE_INTEGER}`,
      ),
    );
  });
});

describe('refreshTokenExpiresIn', () => {
  test('sets the refresh-token expiry; an expired refresh token is invalid_grant', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2030-01-01T00:00:00Z'));
    const { server, stores } = createTestServer({ config: { refreshTokenExpiresIn: 60 } });
    const client = await registerClient(stores);
    const seeded = await seedCode(stores, { clientId: client.clientId });
    const token = await expectToken(
      await server.createTokenResponse(tokenRequest(codeExchange(seeded), { basic: client })),
    );
    expect(stores.dump().tokens[0]!.refreshTokenExpiresAt!.toISOString()).toBe(
      '2030-01-01T00:01:00.000Z',
    );
    vi.setSystemTime(new Date('2030-01-01T00:01:00Z'));
    await expectError(
      await server.createTokenResponse(
        tokenRequest(
          { grant_type: 'refresh_token', refresh_token: token.refresh_token! },
          { basic: client },
        ),
      ),
      400,
      'invalid_grant',
      'The refresh token is invalid, expired or revoked.',
    );
  });

  test('null means refresh tokens never expire', async () => {
    const { server, stores } = createTestServer({ config: { refreshTokenExpiresIn: null } });
    const client = await registerClient(stores);
    const seeded = await seedCode(stores, { clientId: client.clientId });
    await expectToken(
      await server.createTokenResponse(tokenRequest(codeExchange(seeded), { basic: client })),
    );
    expect(stores.dump().tokens[0]!.refreshTokenExpiresAt).toBeNull();
  });

  test('0 is a TypeError', () => {
    expect(construct({ refreshTokenExpiresIn: 0 })).toThrow(
      /^config\.refreshTokenExpiresIn must be a whole number of seconds/,
    );
  });
});

describe('authorizationCodeExpiresIn', () => {
  test('accepts 1 to 600 seconds (RFC 6749 4.1.2: at most 10 minutes)', () => {
    expect(resolveConfig({ issuer: ISSUER, authorizationCodeExpiresIn: 600 })).toMatchObject({
      authorizationCodeExpiresIn: 600,
    });
    expect(resolveConfig({ issuer: ISSUER, authorizationCodeExpiresIn: 1 })).toMatchObject({
      authorizationCodeExpiresIn: 1,
    });
  });

  test.each([601, 0, -1, 30.5, '300', 3600])('%o is a TypeError', (value) => {
    expect(construct({ authorizationCodeExpiresIn: value as number })).toThrow(
      new TypeError(
        'config.authorizationCodeExpiresIn must be a whole number of seconds between 1 and 600',
      ),
    );
  });
});

describe('pkceMethods', () => {
  test('S256 by default; plain only when listed', () => {
    expect(resolveConfig({ issuer: ISSUER }).pkceMethods).toEqual(['S256']);
    expect(resolveConfig({ issuer: ISSUER, pkceMethods: ['S256', 'plain'] }).pkceMethods).toEqual([
      'S256',
      'plain',
    ]);
  });

  test.each([[[]], [['S512']], [['s256']], ['S256']])('%o is a TypeError', (value) => {
    expect(construct({ pkceMethods: value as ('S256' | 'plain')[] })).toThrow(
      new TypeError('config.pkceMethods must be a non-empty list of "S256" and/or "plain"'),
    );
  });
});

describe('scopesSupported', () => {
  test('a scope the client may have but the server does not know is invalid_scope', async () => {
    const { server, stores } = createTestServer({ config: { scopesSupported: ['read', 'write'] } });
    const client = await registerClient(stores, { scope: 'read write admin' });
    const ask = (scope: string) =>
      server.createTokenResponse(
        tokenRequest({ grant_type: 'client_credentials', scope }, { basic: client }),
      );
    expect((await expectToken(await ask('read write'))).scope).toBe('read write');
    await expectError(
      await ask('read admin'),
      400,
      'invalid_scope',
      'The requested scope is invalid, unknown or exceeds what was granted.',
    );
  });

  test.each([[['read write']], [['"quoted"']], [['back\\slash']], ['read']])(
    '%o is a TypeError',
    (value) => {
      expect(construct({ scopesSupported: value as string[] })).toThrow(
        new TypeError('config.scopesSupported must be a list of scope tokens (RFC 6749 3.3)'),
      );
    },
  );
});

describe('maxBodyBytes', () => {
  test('caps the token endpoint body exactly at the configured size', async () => {
    const { server, stores } = createTestServer({ config: { maxBodyBytes: 100 } });
    const client = await registerClient(stores);
    const base = 'grant_type=client_credentials&pad=';
    const atCap = base + 'p'.repeat(100 - base.length);
    await expectToken(await server.createTokenResponse(tokenRequest(atCap, { basic: client })));
    await expectError(
      await server.createTokenResponse(tokenRequest(`${atCap}p`, { basic: client })),
      413,
      'invalid_request',
      'The request body is too large.',
    );
  });

  test.each([0, -1, 1.5, 2 ** 24 + 1])('%o is a TypeError in bytes', (value) => {
    expect(construct({ maxBodyBytes: value })).toThrow(
      new TypeError('config.maxBodyBytes must be a whole number of bytes between 1 and 16777216'),
    );
  });
});

describe('other mistakes throw a TypeError naming the field, at construction', () => {
  test.each<[string, Record<string, unknown>, string | RegExp]>([
    ['no issuer', { issuer: undefined }, 'config.issuer must be a URL string'],
    ['a relative issuer', { issuer: '/auth' }, 'config.issuer is not a valid URL: /auth'],
    [
      'an http issuer',
      { issuer: 'http://as.example' },
      'config.issuer must use https (http only for loopback hosts)',
    ],
    [
      'an issuer with a query',
      { issuer: 'https://as.example/?tenant=1' },
      'config.issuer must not have a query or fragment (RFC 8414 2)',
    ],
    [
      'an issuer with an empty fragment',
      { issuer: 'https://as.example/#' },
      'config.issuer must not have a query or fragment (RFC 8414 2)',
    ],
    [
      'accessTokenGenerator false',
      { accessTokenGenerator: false },
      'config.accessTokenGenerator must be true, a function or a "module#export" string',
    ],
    [
      'a generator string without #export',
      { refreshTokenGenerator: './tokens.js' },
      'config.refreshTokenGenerator must be true, false, a function or a "module#export" string',
    ],
    [
      'a non-boolean rotateConfidentialRefreshTokens',
      { rotateConfidentialRefreshTokens: 'yes' },
      'config.rotateConfidentialRefreshTokens must be a boolean',
    ],
    [
      'a grace window over 300 s',
      { refreshTokenReuseGraceSeconds: 301 },
      'config.refreshTokenReuseGraceSeconds must be a whole number from 0 to 300',
    ],
    [
      'a negative grace window',
      { refreshTokenReuseGraceSeconds: -1 },
      'config.refreshTokenReuseGraceSeconds must be a whole number from 0 to 300',
    ],
    [
      'a translate hook that is not a function',
      { translate: { fr: {} } },
      'config.translate must be a function (key, locale) => string | undefined',
    ],
    [
      'a realm with a quote',
      { realm: 'my "realm"' },
      'config.realm must be a string without quotes, backslashes or newlines',
    ],
  ])('%s', (_, config, message) => {
    expect(construct(config)).toThrow(TypeError);
    expect(construct(config)).toThrow(message);
  });

  test('loopback http issuers are allowed for development', () => {
    expect(resolveConfig({ issuer: 'http://127.0.0.1:3000' }).issuer).toBe('http://127.0.0.1:3000');
    expect(resolveConfig({ issuer: 'http://localhost:3000' }).issuer).toBe('http://localhost:3000');
  });

  test('a config that is not an object', () => {
    expect(() =>
      createAuthorizationServer({
        ...createMemoryStores(),
        config: null as unknown as AuthorizationServerConfig,
      }),
    ).toThrow(new TypeError('config must be an object with at least an issuer'));
  });
});
