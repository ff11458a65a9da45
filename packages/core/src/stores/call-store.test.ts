import { describe, expect, test, vi } from 'vitest';
import {
  bearerCheck,
  codeExchange,
  createSwitchableStores,
  createTestServer,
  expectError,
  expectToken,
  INVALID_TOKEN,
  registerClient,
  seedCode,
  tokenRequest,
} from '../../test/helpers.js';
import { TemporarilyUnavailableError } from '../errors/errors.js';
import { OAuth2Error } from '../errors/oauth2-error.js';
import { createPasswordGrant } from '../grants/password-grant.js';
import { callStore, callStoreThen } from './call-store.js';

// SECURITY.md 27: a store failure fails closed — 503, nothing issued, nothing half-written —
// and the server serves again once the store is back.

const UNAVAILABLE = 'The server is temporarily unavailable. Try again later.';

function setup() {
  const switchable = createSwitchableStores();
  const reported: OAuth2Error[] = [];
  const { server } = createTestServer({
    stores: switchable.stores,
    onServerError: (error) => reported.push(error),
  });
  return { ...switchable, server, reported };
}

async function expectUnavailable(response: Response) {
  expect(response.headers.get('retry-after')).toBe('1');
  await expectError(response, 503, 'temporarily_unavailable', UNAVAILABLE);
}

describe('callStore', () => {
  test('turns a rejection into temporarily_unavailable, keeping it as the private cause', async () => {
    const failure = new Error('ECONNREFUSED 127.0.0.1:5432');
    const error = await callStore(() => Promise.reject(failure)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TemporarilyUnavailableError);
    expect((error as OAuth2Error).status).toBe(503);
    expect((error as OAuth2Error).cause).toBe(failure);
  });

  test('catches a store that throws synchronously too', async () => {
    const error = await callStore(() => {
      throw new Error('sync');
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TemporarilyUnavailableError);
  });

  test('callStoreThen: a store failure fails closed, an error of onValue passes as it is', async () => {
    const failure = new Error('ECONNREFUSED 127.0.0.1:5432');
    const failed = await callStoreThen(
      () => Promise.reject(failure),
      () => 1,
    ).catch((e) => e);
    expect(failed).toBeInstanceOf(TemporarilyUnavailableError);
    expect((failed as OAuth2Error).cause).toBe(failure);
    const sync = await callStoreThen(
      () => {
        throw failure;
      },
      () => 1,
    ).catch((e) => e);
    expect(sync).toBeInstanceOf(TemporarilyUnavailableError);
    // Not a store failure: even an error that is no OAuth2Error stays as it is.
    const refusal = new Error('an event listener threw');
    const thrown = () => {
      throw refusal;
    };
    await expect(callStoreThen(async () => null, thrown)).rejects.toBe(refusal);
    await expect(
      callStoreThen(
        async () => 20,
        (n) => n + 22,
      ),
    ).resolves.toBe(42);
  });

  test('lets protocol errors through unchanged and returns values as they are', async () => {
    const protocol = new OAuth2Error('invalid_grant', 400);
    await expect(callStore(() => Promise.reject(protocol))).rejects.toBe(protocol);
    await expect(callStore(async () => 42)).resolves.toBe(42);
  });
});

describe('the token endpoint fails closed when a store fails', () => {
  test('client store down: 503, reported with the cause, no token; served again once back', async () => {
    const { server, memory, stores, down, reported } = setup();
    const client = await registerClient(stores);
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    down.add('clients.findClient');
    const request = () => tokenRequest({ grant_type: 'client_credentials' }, { basic: client });
    const response = await server.createTokenResponse(request());
    await expectUnavailable(response);
    expect(reported).toHaveLength(1);
    expect(reported[0]!.error).toBe('temporarily_unavailable');
    expect((reported[0]!.cause as Error).message).toBe('clients.findClient: connection refused');
    expect(memory.dump().tokens).toEqual([]);
    down.clear();
    await expectToken(await server.createTokenResponse(request()));
    // 503s go to onServerError only; nothing internal reaches the console or the body.
    expect(errors).not.toHaveBeenCalled();
    errors.mockRestore();
  });

  test('token store down at save: 503 and nothing stored; served again once back', async () => {
    const { server, memory, stores, down } = setup();
    const client = await registerClient(stores);
    down.add('tokens.saveToken');
    const request = () => tokenRequest({ grant_type: 'client_credentials' }, { basic: client });
    const body = await (await server.createTokenResponse(request())).text();
    expect(body).not.toContain('connection refused');
    expect(JSON.parse(body).error).toBe('temporarily_unavailable');
    expect(memory.dump().tokens).toEqual([]);
    down.clear();
    const token = await expectToken(await server.createTokenResponse(request()));
    expect(await bearerCheck(memory.tokens, token.access_token)).toEqual({
      status: 200,
      challenge: null,
    });
  });

  test('code store down at consumption: 503 and the code stays redeemable', async () => {
    const { server, memory, stores, down } = setup();
    const client = await registerClient(stores);
    const seeded = await seedCode(stores, { clientId: client.clientId });
    down.add('codes.consumeCode');
    await expectUnavailable(
      await server.createTokenResponse(tokenRequest(codeExchange(seeded), { basic: client })),
    );
    expect(memory.dump().codes[0]!.consumedAt).toBeNull();
    down.clear();
    await expectToken(
      await server.createTokenResponse(tokenRequest(codeExchange(seeded), { basic: client })),
    );
  });

  test('token store down after the code was consumed: 503, no token, and the code is not redeemed twice', async () => {
    const { server, memory, stores, down } = setup();
    const client = await registerClient(stores);
    const seeded = await seedCode(stores, { clientId: client.clientId });
    down.add('tokens.saveToken');
    await expectUnavailable(
      await server.createTokenResponse(tokenRequest(codeExchange(seeded), { basic: client })),
    );
    expect(memory.dump().tokens).toEqual([]);
    down.clear();
    // Consumption is the atomic step; the code is spent even though no token came of it.
    await expectError(
      await server.createTokenResponse(tokenRequest(codeExchange(seeded), { basic: client })),
      400,
      'invalid_grant',
    );
    const fresh = await seedCode(stores, { clientId: client.clientId });
    await expectToken(
      await server.createTokenResponse(tokenRequest(codeExchange(fresh), { basic: client })),
    );
  });

  test('rotation fails: 503, the old refresh token is neither spent nor its family revoked', async () => {
    const { server, memory, stores, down } = setup();
    const client = await registerClient(stores, { tokenEndpointAuthMethod: 'none' });
    const seeded = await seedCode(stores, { clientId: client.clientId });
    const first = await expectToken(
      await server.createTokenResponse(
        tokenRequest(codeExchange(seeded), { publicClient: client }),
      ),
    );
    const refresh = () =>
      server.createTokenResponse(
        tokenRequest(
          { grant_type: 'refresh_token', refresh_token: first.refresh_token! },
          { publicClient: client },
        ),
      );
    for (const method of ['tokens.findByRefreshToken', 'tokens.rotateRefreshToken']) {
      down.add(method);
      await expectUnavailable(await refresh());
      down.clear();
    }
    expect(memory.dump().tokens).toHaveLength(1);
    expect(memory.dump().tokens[0]!.revokedAt).toBeNull();
    const second = await expectToken(await refresh());
    expect(second.refresh_token).not.toBe(first.refresh_token);
  });

  test('revocation fails during a code replay: 503, never an answer that hides the failure; the retry revokes', async () => {
    const { server, memory, stores, down } = setup();
    const client = await registerClient(stores);
    const seeded = await seedCode(stores, { clientId: client.clientId });
    const first = await expectToken(
      await server.createTokenResponse(tokenRequest(codeExchange(seeded), { basic: client })),
    );
    down.add('tokens.revokeFamily');
    await expectUnavailable(
      await server.createTokenResponse(tokenRequest(codeExchange(seeded), { basic: client })),
    );
    down.clear();
    await expectError(
      await server.createTokenResponse(tokenRequest(codeExchange(seeded), { basic: client })),
      400,
      'invalid_grant',
    );
    expect(await bearerCheck(memory.tokens, first.access_token)).toEqual(INVALID_TOKEN);
  });

  test('a failing user lookup (queryUser, authenticateUser) is 503 as well', async () => {
    let usersDown = true;
    const { server, stores, memory } = (() => {
      const switchable = createSwitchableStores();
      const created = createTestServer({
        stores: switchable.stores,
        onServerError: () => {},
        queryUser: async (id) => {
          if (usersDown) throw new Error('users db down');
          return { getUserId: () => id };
        },
      });
      return { ...switchable, server: created.server };
    })();
    server.registerGrant(
      createPasswordGrant({
        authenticateUser: async (username) => {
          if (usersDown) throw new Error('users db down');
          return { getUserId: () => username };
        },
      }),
    );
    const client = await registerClient(stores, {
      grantTypes: ['authorization_code', 'password'],
    });
    const seeded = await seedCode(stores, { clientId: client.clientId });
    const password = () =>
      server.createTokenResponse(
        tokenRequest(
          { grant_type: 'password', username: 'ann', password: 'pw' },
          { basic: client },
        ),
      );
    await expectUnavailable(
      await server.createTokenResponse(tokenRequest(codeExchange(seeded), { basic: client })),
    );
    await expectUnavailable(await password());
    expect(memory.dump().tokens).toEqual([]);
    usersDown = false;
    await expectToken(await password());
  });
});

describe('the resource side fails closed', () => {
  test('token store down: 503, not 401 and not a pass', async () => {
    const { server, memory, stores, down } = setup();
    const client = await registerClient(stores);
    const token = await expectToken(
      await server.createTokenResponse(
        tokenRequest({ grant_type: 'client_credentials' }, { basic: client }),
      ),
    );
    down.add('tokens.findByAccessToken');
    expect(await bearerCheck(stores.tokens, token.access_token)).toEqual({
      status: 503,
      challenge: null,
    });
    down.clear();
    expect(await bearerCheck(memory.tokens, token.access_token)).toEqual({
      status: 200,
      challenge: null,
    });
  });
});
