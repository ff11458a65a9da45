import { describe, expect, test } from 'vitest';
import {
  createTestServer,
  expectError,
  expectToken,
  registerClient,
  tokenRequest,
} from '../../test/helpers.js';
import type { Client } from '../models/client.js';
import { userFromId } from '../models/user.js';
import { type AuthenticateUser, createPasswordGrant } from './password-grant.js';

const USERS: Record<string, string> = { ann: 'p@ss w+rd&=%', bob: 'hunter2' };

async function setup(grantTypes = ['password', 'refresh_token']) {
  const calls: { username: string; password: string; client: Client }[] = [];
  const authenticateUser: AuthenticateUser = async (username, password, client) => {
    calls.push({ username, password, client });
    return USERS[username] === password ? userFromId(`id-${username}`) : null;
  };
  const { server, stores } = createTestServer();
  server.registerGrant(createPasswordGrant({ authenticateUser }));
  const client = await registerClient(stores, { grantTypes, scope: 'read write' });
  const ask = (params: Record<string, string>) =>
    server.createTokenResponse(
      tokenRequest({ grant_type: 'password', ...params }, { basic: client }),
    );
  return { server, stores, client, calls, ask };
}

describe('password', () => {
  test('is off unless registered: unsupported_grant_type', async () => {
    const { server, stores } = createTestServer();
    const client = await registerClient(stores, { grantTypes: ['password'] });
    await expectError(
      await server.createTokenResponse(
        tokenRequest({ grant_type: 'password', username: 'ann', password: 'x' }, { basic: client }),
      ),
      400,
      'unsupported_grant_type',
      'The grant type is not supported.',
    );
  });

  test('authenticateUser gets the form-decoded credentials and the client; its user owns the token', async () => {
    const { stores, client, calls, ask } = await setup();
    const body = await expectToken(
      await ask({ username: 'ann', password: USERS.ann!, scope: 'read' }),
    );
    expect(calls).toHaveLength(1);
    expect(calls[0]!.username).toBe('ann');
    expect(calls[0]!.password).toBe('p@ss w+rd&=%');
    expect(calls[0]!.client.clientId).toBe(client.clientId);
    expect(body.expires_in).toBe(3_600);
    expect(body.scope).toBe('read');
    expect(body.refresh_token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(stores.dump().tokens[0]).toMatchObject({
      userId: 'id-ann',
      grantType: 'password',
      clientId: client.clientId,
      scope: 'read',
    });
  });

  test('wrong credentials are invalid_grant and issue nothing', async () => {
    const { stores, ask } = await setup();
    for (const [username, password] of [
      ['ann', 'wrong'],
      ['nobody', 'hunter2'],
    ] as const) {
      await expectError(
        await ask({ username, password }),
        400,
        'invalid_grant',
        'The username or password is incorrect.',
      );
    }
    expect(stores.dump().tokens).toEqual([]);
  });

  test('a scope beyond the client is invalid_scope, checked before the password is', async () => {
    const { calls, ask } = await setup();
    await expectError(
      await ask({ username: 'bob', password: 'hunter2', scope: 'admin' }),
      400,
      'invalid_scope',
    );
    expect(calls).toEqual([]);
  });

  test('no refresh token for a client not registered for refresh_token', async () => {
    const { ask } = await setup(['password']);
    const body = await expectToken(await ask({ username: 'bob', password: 'hunter2' }));
    expect(body.refresh_token).toBeUndefined();
  });

  test('the refresh token it issues works, for the same user', async () => {
    const { server, stores, client, ask } = await setup();
    const first = await expectToken(await ask({ username: 'bob', password: 'hunter2' }));
    await expectToken(
      await server.createTokenResponse(
        tokenRequest(
          { grant_type: 'refresh_token', refresh_token: first.refresh_token! },
          { basic: client },
        ),
      ),
    );
    expect(stores.dump().tokens.map((t) => t.userId)).toEqual(['id-bob', 'id-bob']);
  });

  test('a client not registered for password is unauthorized_client; the hook is not called', async () => {
    const { server, stores, calls } = await setup();
    const other = await registerClient(stores, { grantTypes: ['client_credentials'] });
    await expectError(
      await server.createTokenResponse(
        tokenRequest(
          { grant_type: 'password', username: 'bob', password: 'hunter2' },
          { basic: other },
        ),
      ),
      400,
      'unauthorized_client',
    );
    expect(calls).toEqual([]);
  });

  test('createPasswordGrant without authenticateUser is a TypeError', () => {
    const message = 'createPasswordGrant needs an authenticateUser(username, password) function';
    expect(() => createPasswordGrant({} as never)).toThrow(new TypeError(message));
    expect(() => createPasswordGrant(undefined as never)).toThrow(new TypeError(message));
  });
});
