import { afterEach, describe, expect, test, vi } from 'vitest';
import {
  bearerCheck,
  codeExchange,
  createTestServer,
  expectError,
  expectToken,
  INVALID_TOKEN,
  registerClient,
  seedCode,
  type TestClient,
  type TokenBody,
  tokenRequest,
} from '../../test/helpers.js';
import { digestToken } from '../crypto/digest.js';
import { createMemoryStores } from '../stores/memory-stores.js';
import type { TokenStore } from '../stores/token-store.js';
import { saveTokenFromStore } from '../tokens/save-token-from-store.js';
import type { SaveTokenRequest } from './token-grant.js';

const REFRESH_INVALID = 'The refresh token is invalid, expired or revoked.';
const ACTIVE = { status: 200, challenge: null };

afterEach(() => {
  vi.useRealTimers();
});

/** A server, one client, and a first token from a code exchange. */
async function issued(
  options: Parameters<typeof createTestServer>[0] & { isPublic?: boolean; scope?: string } = {},
) {
  const { isPublic = false, scope = 'read write', ...serverOptions } = options;
  const { server, stores } = createTestServer(serverOptions);
  const client = await registerClient(stores, isPublic ? { tokenEndpointAuthMethod: 'none' } : {});
  const auth = (c: TestClient = client) => (isPublic ? { publicClient: c } : { basic: c });
  const seeded = await seedCode(stores, { clientId: client.clientId, scope });
  const first = await expectToken(
    await server.createTokenResponse(tokenRequest(codeExchange(seeded), auth())),
  );
  const refresh = (token: TokenBody | string, extra: Record<string, string> = {}) =>
    server.createTokenResponse(
      tokenRequest(
        {
          grant_type: 'refresh_token',
          refresh_token: typeof token === 'string' ? token : token.refresh_token!,
          ...extra,
        },
        auth(),
      ),
    );
  return { server, stores, client, first, refresh, seeded };
}

describe('rotation', () => {
  test('public clients always rotate: a new refresh token, the old one and its access token retired', async () => {
    const { stores, first, refresh, seeded } = await issued({ isPublic: true });
    const second = await expectToken(await refresh(first));
    expect(second.refresh_token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(second.refresh_token).not.toBe(first.refresh_token);
    const [old, next] = stores.dump().tokens;
    expect(old!.rotatedAt).toBeInstanceOf(Date);
    expect(old!.revokedAt).toEqual(old!.rotatedAt);
    expect(next).toMatchObject({
      familyId: seeded.familyId,
      grantType: 'refresh_token',
      rotatedAt: null,
      revokedAt: null,
    });
    expect(await bearerCheck(stores.tokens, first.access_token)).toEqual(INVALID_TOKEN);
    expect(await bearerCheck(stores.tokens, second.access_token)).toEqual(ACTIVE);
  });

  test('confidential clients do not rotate by default: no new refresh token, the old one stays valid', async () => {
    const { stores, first, refresh } = await issued();
    const second = await expectToken(await refresh(first));
    expect(second.refresh_token).toBeUndefined();
    const third = await expectToken(await refresh(first));
    expect(third.access_token).not.toBe(second.access_token);
    expect(stores.dump().tokens.every((t) => t.revokedAt === null && t.rotatedAt === null)).toBe(
      true,
    );
    expect(await bearerCheck(stores.tokens, first.access_token)).toEqual(ACTIVE);
  });

  test('rotateConfidentialRefreshTokens: confidential clients rotate, and reuse revokes the family', async () => {
    const { stores, first, refresh } = await issued({
      config: { rotateConfidentialRefreshTokens: true },
    });
    const second = await expectToken(await refresh(first));
    expect(second.refresh_token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    await expectError(await refresh(first), 400, 'invalid_grant', REFRESH_INVALID);
    expect(await bearerCheck(stores.tokens, second.access_token)).toEqual(INVALID_TOKEN);
    await expectError(await refresh(second), 400, 'invalid_grant', REFRESH_INVALID);
  });

  test('a reuse emits tokenRevoked with the reason', async () => {
    const { server, first, refresh, seeded } = await issued({ isPublic: true });
    const events: unknown[] = [];
    server.on('tokenRevoked', (e) => events.push(e));
    await expectToken(await refresh(first));
    await expectError(await refresh(first), 400, 'invalid_grant');
    expect(events).toEqual([
      { familyId: seeded.familyId, record: null, client: null, reason: 'refresh_token_reuse' },
    ]);
  });

  test('without a refresh token generator the grant issues no refresh token at all', async () => {
    const { server, stores } = createTestServer({ config: { refreshTokenGenerator: false } });
    const client = await registerClient(stores, { tokenEndpointAuthMethod: 'none' });
    const seeded = await seedCode(stores, { clientId: client.clientId });
    const body = await expectToken(
      await server.createTokenResponse(
        tokenRequest(codeExchange(seeded), { publicClient: client }),
      ),
    );
    expect(body.refresh_token).toBeUndefined();
  });
});

describe('refreshTokenReuseGraceSeconds', () => {
  test('a reuse inside the window is refused without revoking; after it, it revokes', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2030-01-01T00:00:00Z'));
    const { stores, first, refresh } = await issued({
      isPublic: true,
      config: { refreshTokenReuseGraceSeconds: 10 },
    });
    const second = await expectToken(await refresh(first));
    vi.setSystemTime(new Date('2030-01-01T00:00:09.999Z'));
    await expectError(await refresh(first), 400, 'invalid_grant', REFRESH_INVALID);
    expect(await bearerCheck(stores.tokens, second.access_token)).toEqual(ACTIVE);
    vi.setSystemTime(new Date('2030-01-01T00:00:10Z'));
    await expectError(await refresh(first), 400, 'invalid_grant', REFRESH_INVALID);
    expect(await bearerCheck(stores.tokens, second.access_token)).toEqual(INVALID_TOKEN);
  });

  test('0 (the default) revokes on the first reuse, even in the same millisecond', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2030-01-01T00:00:00Z'));
    const { stores, first, refresh } = await issued({ isPublic: true });
    const second = await expectToken(await refresh(first));
    await expectError(await refresh(first), 400, 'invalid_grant', REFRESH_INVALID);
    expect(await bearerCheck(stores.tokens, second.access_token)).toEqual(INVALID_TOKEN);
  });
  test("0 revokes even when this server's clock is behind the one that rotated", async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2030-01-01T00:00:05Z'));
    const { stores, first, refresh } = await issued({ isPublic: true });
    const second = await expectToken(await refresh(first));
    // Another instance, two seconds behind, sees the reuse.
    vi.setSystemTime(new Date('2030-01-01T00:00:03Z'));
    await expectError(await refresh(first), 400, 'invalid_grant', REFRESH_INVALID);
    expect(await bearerCheck(stores.tokens, second.access_token)).toEqual(INVALID_TOKEN);
  });
});

describe('scope', () => {
  test('no scope parameter keeps the original scope', async () => {
    const { first, refresh } = await issued();
    expect((await expectToken(await refresh(first))).scope).toBe('read write');
  });

  test('a narrower scope is granted; a wider or malformed one is invalid_scope', async () => {
    const { stores, first, refresh } = await issued();
    const narrowed = await expectToken(await refresh(first, { scope: 'write' }));
    expect(narrowed.scope).toBe('write');
    expect(stores.dump().tokens[1]!.scope).toBe('write');
    for (const scope of ['read write admin', 'admin', 'read  write']) {
      await expectError(await refresh(first, { scope }), 400, 'invalid_scope');
    }
  });
});

describe('scope of a rotated refresh token', () => {
  test('a narrowed request gets a narrow access token, but the new refresh token keeps the original scope (RFC 6749 6)', async () => {
    const { first, refresh, stores } = await issued({ isPublic: true });
    const narrowed = await expectToken(await refresh(first, { scope: 'write' }));
    expect(narrowed.scope).toBe('write');
    expect(await bearerCheck(stores.tokens, narrowed.access_token, ['write'])).toEqual(ACTIVE);
    expect((await bearerCheck(stores.tokens, narrowed.access_token, ['read'])).status).toBe(403);
    const again = await expectToken(await refresh(narrowed));
    expect(again.scope).toBe('read write');
    expect(await bearerCheck(stores.tokens, again.access_token, ['read', 'write'])).toEqual(ACTIVE);
  });
});

describe('binding and validity', () => {
  test('a refresh token presented as if it were for another client is invalid_grant', async () => {
    const { server, stores, first } = await issued();
    const other = await registerClient(stores);
    await expectError(
      await server.createTokenResponse(
        tokenRequest(
          { grant_type: 'refresh_token', refresh_token: first.refresh_token! },
          { basic: other },
        ),
      ),
      400,
      'invalid_grant',
      REFRESH_INVALID,
    );
    expect(stores.dump().tokens.every((t) => t.revokedAt === null)).toBe(true);
  });

  test('an access token is not a refresh token', async () => {
    const { first, refresh } = await issued();
    await expectError(await refresh(first.access_token), 400, 'invalid_grant', REFRESH_INVALID);
  });

  test('a refresh token of a revoked family is invalid_grant', async () => {
    const { stores, first, refresh, seeded } = await issued();
    await stores.tokens.revokeFamily(seeded.familyId, new Date());
    await expectError(await refresh(first), 400, 'invalid_grant', REFRESH_INVALID);
  });

  test('a refresh token whose user is gone is invalid_grant', async () => {
    let userExists = true;
    const { first, refresh } = await issued({
      queryUser: async (id) => (userExists ? { getUserId: () => id } : null),
    });
    userExists = false;
    await expectError(await refresh(first), 400, 'invalid_grant', REFRESH_INVALID);
  });

  test('a client no longer registered for refresh_token is unauthorized_client', async () => {
    const { stores, client, first, refresh } = await issued();
    const record = (await stores.clients.findClient(client.clientId))!;
    record.metadata.grantTypes = ['authorization_code'];
    await stores.clients.saveClient(record);
    await expectError(await refresh(first), 400, 'unauthorized_client');
  });
});

describe('one persistence path, one atomic step (SECURITY.md 29)', () => {
  for (const failAt of [1, 2]) {
    test(`a narrowed refresh whose store write ${failAt} fails leaves the old refresh token usable`, async () => {
      const memory = createMemoryStores();
      // Token writes go through as usual until armed; then write number `failAt` fails.
      let writes = Number.NEGATIVE_INFINITY;
      const fail = () => ++writes === failAt;
      const tokens: TokenStore = {
        ...memory.tokens,
        saveToken: (record) =>
          fail() ? Promise.reject(new Error('store down')) : memory.tokens.saveToken(record),
        rotateRefreshToken: (...args) =>
          fail()
            ? Promise.reject(new Error('store down'))
            : memory.tokens.rotateRefreshToken(...args),
      };
      const { first, refresh, stores } = await issued({
        isPublic: true,
        memory,
        stores: { ...memory, tokens },
      });
      writes = 0;
      const response = await refresh(first, { scope: 'write' });
      if (response.status !== 200) {
        await expectError(response, 503, 'temporarily_unavailable');
        expect(stores.dump().tokens.every((t) => t.revokedAt === null)).toBe(true);
      }
      const retried = response.status === 200 ? null : await refresh(first, { scope: 'write' });
      const body = await expectToken(retried ?? response);
      expect(body.scope).toBe('write');
      expect(await bearerCheck(stores.tokens, body.access_token, ['write'])).toEqual(ACTIVE);
      // The grant was not revoked by the retry.
      writes = Number.NEGATIVE_INFINITY;
      const again = await expectToken(await refresh(body));
      expect(again.scope).toBe('read write');
    });
  }

  test('a custom saveToken sees rotations: request.replaces names the refresh token exchanged', async () => {
    const memory = createMemoryStores();
    const seen: SaveTokenRequest['replaces'][] = [];
    const save = saveTokenFromStore(memory.tokens);
    const { first, refresh } = await issued({
      isPublic: true,
      memory,
      saveToken: (token, request) => {
        seen.push(request.replaces);
        return save(token, request);
      },
    });
    await expectToken(await refresh(first, { scope: 'write' }));
    expect(seen).toEqual([
      undefined,
      { refreshTokenDigest: digestToken(first.refresh_token!), scope: 'read write' },
    ]);
  });

  test('a saveToken that does not perform the rotation fails closed and the old token stays usable', async () => {
    const memory = createMemoryStores();
    const save = saveTokenFromStore(memory.tokens);
    let ignoreReplaces = true;
    const { first, refresh } = await issued({
      isPublic: true,
      memory,
      saveToken: async (token, request) => {
        // A hook written before rotations went through it: saves, answers nothing.
        if (ignoreReplaces && request.replaces) {
          await save(token, { ...request, replaces: undefined });
          return;
        }
        return save(token, request);
      },
    });
    await expectError(await refresh(first), 503, 'temporarily_unavailable');
    ignoreReplaces = false;
    await expectToken(await refresh(first));
  });
});
