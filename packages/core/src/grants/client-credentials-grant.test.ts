import { describe, expect, test } from 'vitest';
import {
  createTestServer,
  expectError,
  expectToken,
  registerClient,
  tokenRequest,
} from '../../test/helpers.js';
import { createMemoryStores } from '../stores/memory-stores.js';

const INVALID_SCOPE = 'The requested scope is invalid, unknown or exceeds what was granted.';

async function setup(scope = 'read write') {
  const { server, stores } = createTestServer();
  const client = await registerClient(stores, { scope, grantTypes: ['client_credentials'] });
  const ask = (params: Record<string, string> = {}) =>
    server.createTokenResponse(
      tokenRequest({ grant_type: 'client_credentials', ...params }, { basic: client }),
    );
  return { server, stores, client, ask };
}

describe('client_credentials', () => {
  test('issues a bearer token for the client itself: no user, its own family, no refresh token', async () => {
    const { stores, client, ask } = await setup();
    const body = await expectToken(await ask({ scope: 'read' }));
    expect(body).toEqual({
      access_token: body.access_token,
      token_type: 'Bearer',
      expires_in: 3_600,
      scope: 'read',
    });
    const [record] = stores.dump().tokens;
    expect(record).toMatchObject({
      clientId: client.clientId,
      userId: null,
      grantType: 'client_credentials',
      scope: 'read',
      tokenType: 'Bearer',
      refreshTokenDigest: null,
      refreshTokenExpiresAt: null,
      revokedAt: null,
      rotatedAt: null,
    });
    expect(record!.familyId).toMatch(/^[0-9a-f]{32}$/);
  });

  test('every token gets a family of its own', async () => {
    const { stores, ask } = await setup();
    await expectToken(await ask());
    await expectToken(await ask());
    const [a, b] = stores.dump().tokens;
    expect(a!.familyId).not.toBe(b!.familyId);
  });

  test('without a scope parameter the token has no scope and the response none', async () => {
    const { stores, ask } = await setup();
    const body = await expectToken(await ask());
    expect('scope' in body).toBe(false);
    expect(stores.dump().tokens[0]!.scope).toBe('');
  });

  test('the granted scope is the requested one, deduplicated, in request order', async () => {
    const { ask } = await setup();
    expect((await expectToken(await ask({ scope: 'write read write' }))).scope).toBe('write read');
  });

  test.each([
    ['outside what the client may have', 'read admin'],
    ['a double space', 'read  write'],
    ['a leading space', ' read'],
    ['a quote', 'read "write"'],
    ['a backslash', 'read\\'],
  ])('a scope with %s is invalid_scope and nothing is issued', async (_, scope) => {
    const { stores, ask } = await setup();
    await expectError(await ask({ scope }), 400, 'invalid_scope', INVALID_SCOPE);
    expect(stores.dump().tokens).toEqual([]);
  });

  test('a client allowed no scope at all can still get a scope-less token', async () => {
    const { ask } = await setup('');
    await expectToken(await ask());
    await expectError(await ask({ scope: 'read' }), 400, 'invalid_scope', INVALID_SCOPE);
  });

  test('a client_secret_post client works the same', async () => {
    const { server, stores } = createTestServer();
    const client = await registerClient(stores, {
      tokenEndpointAuthMethod: 'client_secret_post',
      grantTypes: ['client_credentials'],
    });
    await expectToken(
      await server.createTokenResponse(
        tokenRequest({ grant_type: 'client_credentials' }, { post: client }),
      ),
    );
  });

  test('emits tokenIssued with no user', async () => {
    const { server, client, ask } = await setup();
    const events: unknown[] = [];
    server.on('tokenIssued', (e) => events.push({ ...e, token: e.token.accessToken }));
    const body = await expectToken(await ask());
    expect(events).toEqual([
      {
        token: body.access_token,
        client: expect.objectContaining({ clientId: client.clientId }),
        user: null,
        grantType: 'client_credentials',
      },
    ]);
  });

  test.each([
    ['rejects', () => Promise.reject(new Error('disk full'))],
    [
      'throws',
      () => {
        throw new Error('disk full');
      },
    ],
  ])(
    'a token store that %s answers 503 with nothing issued, and serves again once back (SECURITY.md 27)',
    async (_, fail) => {
      const memory = createMemoryStores();
      let broken = true;
      const tokens = {
        ...memory.tokens,
        saveToken: (record: Parameters<typeof memory.tokens.saveToken>[0]) =>
          broken ? (fail() as Promise<void>) : memory.tokens.saveToken(record),
      };
      const { server } = createTestServer({ memory, stores: { ...memory, tokens } });
      const client = await registerClient(memory, { grantTypes: ['client_credentials'] });
      const ask = () =>
        server.createTokenResponse(
          tokenRequest({ grant_type: 'client_credentials' }, { basic: client }),
        );
      await expectError(await ask(), 503, 'temporarily_unavailable');
      expect(memory.dump().tokens).toEqual([]);
      broken = false;
      await expectToken(await ask());
      expect(memory.dump().tokens).toHaveLength(1);
    },
  );
});
