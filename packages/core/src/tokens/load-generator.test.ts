import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, test, vi } from 'vitest';
import {
  codeExchange,
  createTestServer,
  expectError,
  expectToken,
  registerClient,
  seedCode,
  type TestServerOptions,
  tokenRequest,
} from '../../test/helpers.js';
import type { TokenValueGenerator } from './token-generator-option.js';

// Generator options name modules by URL: a relative specifier would resolve against the core.
const FIXTURE = new URL('../../test/fixtures/token-generators.ts', import.meta.url).href;

afterEach(() => {
  vi.restoreAllMocks();
});

/** The token response of a code exchange on a server with this generator config. */
async function exchange(config: TestServerOptions['config']) {
  const { server, stores } = createTestServer({ config });
  await server.ready;
  const client = await registerClient(stores);
  const seeded = await seedCode(stores, { clientId: client.clientId });
  const response = await server.createTokenResponse(
    tokenRequest(codeExchange(seeded), { basic: client }),
  );
  return { response, server, stores, client };
}

describe('accessTokenGenerator', () => {
  test('true (the default): 32 random bytes, base64url', async () => {
    const body = await expectToken((await exchange({ accessTokenGenerator: true })).response);
    expect(body.access_token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  test('a function gets (client, grantType, user, scope) and makes the token', async () => {
    const calls: unknown[][] = [];
    const generator: TokenValueGenerator = (client, grantType, user, scope) => {
      calls.push([client.clientId, grantType, user?.getUserId(), scope]);
      return `custom-${'x'.repeat(40)}-${calls.length}`;
    };
    const { response, client } = await exchange({ accessTokenGenerator: generator });
    const body = await expectToken(response);
    expect(body.access_token).toBe(`custom-${'x'.repeat(40)}-1`);
    expect(calls).toEqual([[client.clientId, 'authorization_code', 'user-1', 'read']]);
  });

  test('a "module#export" string is imported once, at init', async () => {
    const { response, server, stores, client } = await exchange({
      accessTokenGenerator: `${FIXTURE}#prefixedAccessToken`,
    });
    const body = await expectToken(response);
    expect(body.access_token).toMatch(
      new RegExp(`^at\\.authorization_code\\.${client.clientId.length}\\.[A-Za-z0-9_-]{43}$`),
    );
    const cc = await expectToken(
      await server.createTokenResponse(
        tokenRequest({ grant_type: 'client_credentials' }, { basic: client }),
      ),
    );
    expect(cc.access_token.startsWith('at.client_credentials.')).toBe(true);
    expect(stores.dump().tokens).toHaveLength(2);
  });

  test('a generator returning fewer than 32 characters is a 500 and stores nothing', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const { response, stores } = await exchange({ accessTokenGenerator: () => 'short' });
    await expectError(response, 500, 'server_error', 'The server encountered an unexpected error.');
    expect(errors).toHaveBeenCalledTimes(1);
    expect(String(errors.mock.calls[0]![1])).toContain(
      'the access token generator must return a printable string of 32+ chars',
    );
    expect(stores.dump().tokens).toEqual([]);
  });
});

describe('refreshTokenGenerator', () => {
  test('false: no refresh token, even for a client registered for refresh_token', async () => {
    const body = await expectToken((await exchange({ refreshTokenGenerator: false })).response);
    expect(body.refresh_token).toBeUndefined();
  });

  test('true: the built-in generator', async () => {
    const body = await expectToken((await exchange({ refreshTokenGenerator: true })).response);
    expect(body.refresh_token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(body.refresh_token).not.toBe(body.access_token);
  });

  test('a function', async () => {
    const body = await expectToken(
      (
        await exchange({
          refreshTokenGenerator: (_c: unknown, grantType: string) =>
            `${grantType}-${'r'.repeat(40)}`,
        })
      ).response,
    );
    expect(body.refresh_token).toBe(`authorization_code-${'r'.repeat(40)}`);
  });

  test('a "module#export" string, and the refresh token it made works', async () => {
    const { response, server, client } = await exchange({
      refreshTokenGenerator: `${FIXTURE}#prefixedRefreshToken`,
    });
    const body = await expectToken(response);
    expect(body.refresh_token).toMatch(/^rt\.[A-Za-z0-9_-]{43}$/);
    await expectToken(
      await server.createTokenResponse(
        tokenRequest(
          { grant_type: 'refresh_token', refresh_token: body.refresh_token! },
          { basic: client },
        ),
      ),
    );
  });
});

describe('"module#export" mistakes', () => {
  test('a module that cannot be imported: ready rejects with a TypeError, requests get 500', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const missing = pathToFileURL('/nonexistent/oauthkit-generators.js').href;
    const { server, stores } = createTestServer({
      config: { accessTokenGenerator: `${missing}#make` },
    });
    await expect(server.ready).rejects.toThrow(
      new TypeError(`config.accessTokenGenerator: cannot import "${missing}"`),
    );
    const client = await registerClient(stores);
    await expectError(
      await server.createTokenResponse(
        tokenRequest({ grant_type: 'client_credentials' }, { basic: client }),
      ),
      500,
      'server_error',
    );
    expect(errors).toHaveBeenCalledTimes(1);
  });

  test('an export that is missing or not a function: ready rejects with a TypeError', async () => {
    for (const name of ['doesNotExist', 'notAFunction']) {
      const { server } = createTestServer({
        config: { refreshTokenGenerator: `${FIXTURE}#${name}` },
      });
      await expect(server.ready).rejects.toThrow(
        new TypeError(
          `config.refreshTokenGenerator: "${FIXTURE}" has no function export "${name}"`,
        ),
      );
    }
  });
});

describe('registerTokenGenerator', () => {
  test('replaces the generator for one grant type only', async () => {
    const { server, stores } = createTestServer();
    server.registerTokenGenerator('client_credentials', ({ scope }) => ({
      accessToken: `cc-${'z'.repeat(40)}`,
      tokenType: 'Bearer',
      expiresIn: 42,
      scope,
    }));
    const client = await registerClient(stores);
    const cc = await expectToken(
      await server.createTokenResponse(
        tokenRequest({ grant_type: 'client_credentials' }, { basic: client }),
      ),
    );
    expect(cc).toEqual({
      access_token: `cc-${'z'.repeat(40)}`,
      token_type: 'Bearer',
      expires_in: 42,
    });
    const seeded = await seedCode(stores, { clientId: client.clientId });
    const code = await expectToken(
      await server.createTokenResponse(tokenRequest(codeExchange(seeded), { basic: client })),
    );
    expect(code.access_token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(() => server.registerTokenGenerator('password', 'nope' as never)).toThrow(
      new TypeError('a token generator is a function'),
    );
  });
});
