import { describe, expect, test } from 'vitest';
import {
  authorizeCode,
  bearerRequest,
  createTestServer,
  formPost,
  REDIRECT_URI,
  registerAuthzClient,
  testUser,
} from '../../test/helpers.js';
import { digestToken } from '../crypto/digest.js';
import type { ServerEvents } from '../events/server-events.js';

// The events of the token-side endpoints (Authlib's signals), and that a listener that
// throws never breaks the request it listens to.

type Server = ReturnType<typeof createTestServer>['server'];

function record(server: Server) {
  const seen: { [K in keyof ServerEvents]: ServerEvents[K][] } = {
    clientAuthenticated: [],
    tokenIssued: [],
    tokenRevoked: [],
    tokenAuthenticated: [],
    clientRegistration: [],
  };
  for (const name of Object.keys(seen) as (keyof ServerEvents)[]) {
    server.on(name, (e) => (seen[name] as unknown[]).push(e));
  }
  return seen;
}

async function exchange(server: Server, client: Awaited<ReturnType<typeof registerAuthzClient>>) {
  const { code, verifier } = await authorizeCode(server, client, {}, testUser('gina'));
  const response = await server.createTokenResponse(
    formPost(
      'token',
      {
        grant_type: 'authorization_code',
        code,
        redirect_uri: REDIRECT_URI,
        code_verifier: verifier,
      },
      client,
    ),
  );
  expect(response.status).toBe(200);
  return (await response.json()) as { access_token: string; refresh_token: string };
}

describe('server events', () => {
  test('clientAuthenticated and tokenIssued at the token endpoint', async () => {
    const { server, stores } = createTestServer();
    const client = await registerAuthzClient(stores);
    const seen = record(server);
    const tokens = await exchange(server, client);
    expect(seen.clientAuthenticated).toHaveLength(1);
    const [auth] = seen.clientAuthenticated;
    expect(auth!.client.clientId).toBe(client.clientId);
    expect(auth!.method).toBe('client_secret_basic');
    expect(auth!.request.url.pathname).toBe('/token');
    expect(seen.tokenIssued).toHaveLength(1);
    const [issued] = seen.tokenIssued;
    expect(issued!.grantType).toBe('authorization_code');
    expect(issued!.client.clientId).toBe(client.clientId);
    expect(issued!.user?.getUserId()).toBe('gina');
    expect(issued!.token).toEqual({
      accessToken: tokens.access_token,
      refreshToken: tokens.refresh_token,
      refreshTokenExpiresIn: 2_592_000,
      tokenType: 'Bearer',
      expiresIn: 3_600,
      scope: 'read',
    });
    expect(seen.tokenRevoked).toEqual([]);
  });

  test('clientAuthenticated at revocation and introspection, with the method used', async () => {
    const { server, stores } = createTestServer();
    const confidential = await registerAuthzClient(stores, {
      tokenEndpointAuthMethod: 'client_secret_post',
    });
    const publicClient = await registerAuthzClient(stores, { tokenEndpointAuthMethod: 'none' });
    const seen = record(server);
    const revocation = await server.createEndpointResponse(
      'revocation',
      formPost('revoke', { token: 'unknown' }, publicClient),
    );
    expect(revocation.status).toBe(200);
    const post = formPost(
      'introspect',
      {
        token: 'unknown',
        client_id: confidential.clientId,
        client_secret: confidential.secret!,
      },
      null,
    );
    expect((await server.createEndpointResponse('introspection', post)).status).toBe(200);
    expect(
      seen.clientAuthenticated.map((e) => [e.client.clientId, e.method, e.request.url.pathname]),
    ).toEqual([
      [publicClient.clientId, 'none', '/revoke'],
      [confidential.clientId, 'client_secret_post', '/introspect'],
    ]);
    // Failed authentication emits nothing.
    const failed = await server.createEndpointResponse(
      'introspection',
      formPost('introspect', { token: 'x' }, { clientId: confidential.clientId, secret: 'bad' }),
    );
    expect(failed.status).toBe(401);
    expect(seen.clientAuthenticated).toHaveLength(2);
  });

  test('tokenRevoked: the record for an access token, the family for a refresh token', async () => {
    const { server, stores } = createTestServer();
    const client = await registerAuthzClient(stores);
    const first = await exchange(server, client);
    const second = await exchange(server, client);
    const seen = record(server);
    await server.createEndpointResponse(
      'revocation',
      formPost('revoke', { token: first.access_token }, client),
    );
    await server.createEndpointResponse(
      'revocation',
      formPost('revoke', { token: second.refresh_token }, client),
    );
    const [a, b, ...rest] = seen.tokenRevoked;
    expect(rest).toEqual([]);
    const records = stores.dump().tokens;
    const firstRecord = records.find(
      (r) => r.accessTokenDigest === digestToken(first.access_token),
    )!;
    const secondRecord = records.find(
      (r) => r.accessTokenDigest === digestToken(second.access_token),
    )!;
    expect(a!.reason).toBe('revocation_request');
    expect(a!.familyId).toBe(firstRecord.familyId);
    expect(a!.record?.accessTokenDigest).toBe(firstRecord.accessTokenDigest);
    expect(a!.client?.clientId).toBe(client.clientId);
    expect(b!.reason).toBe('revocation_request');
    expect(b!.familyId).toBe(secondRecord.familyId);
    expect(b!.record).toBeNull();
    expect(b!.client?.clientId).toBe(client.clientId);
  });

  test('tokenAuthenticated when the resource side accepts a bearer token', async () => {
    const { server, stores } = createTestServer();
    const client = await registerAuthzClient(stores);
    const tokens = await exchange(server, client);
    const seen = record(server);
    const validate = server.createBearerTokenValidator();
    const request = bearerRequest(tokens.access_token);
    await validate(request, ['read']);
    expect(seen.tokenAuthenticated).toHaveLength(1);
    expect(seen.tokenAuthenticated[0]!.record.accessTokenDigest).toBe(
      digestToken(tokens.access_token),
    );
    expect(seen.tokenAuthenticated[0]!.request).toBe(request);
    await expect(validate(request, ['admin'])).rejects.toThrow();
    expect(seen.tokenAuthenticated).toHaveLength(1);
  });

  test('a throwing listener is reported and never breaks the request', async () => {
    const { server, stores } = createTestServer();
    const client = await registerAuthzClient(stores);
    const reported: unknown[] = [];
    server.events.onListenerError = (e) => reported.push(e);
    const boom = () => {
      throw new Error('listener failed');
    };
    for (const name of [
      'clientAuthenticated',
      'tokenIssued',
      'tokenRevoked',
      'tokenAuthenticated',
    ] as const) {
      server.on(name, boom);
    }
    const seen = record(server);
    const tokens = await exchange(server, client);
    await server.createBearerTokenValidator()(bearerRequest(tokens.access_token));
    const revoked = await server.createEndpointResponse(
      'revocation',
      formPost('revoke', { token: tokens.refresh_token }, client),
    );
    expect(revoked.status).toBe(200);
    // Every event still reached the listeners registered after the failing one.
    expect(seen.clientAuthenticated).toHaveLength(2);
    expect(seen.tokenIssued).toHaveLength(1);
    expect(seen.tokenAuthenticated).toHaveLength(1);
    expect(seen.tokenRevoked).toHaveLength(1);
    expect(reported).toHaveLength(5);
    expect(reported.every((e) => e instanceof Error && e.message === 'listener failed')).toBe(true);
  });

  test('on() returns an unsubscribe function', async () => {
    const { server, stores } = createTestServer();
    const client = await registerAuthzClient(stores);
    const issued: unknown[] = [];
    const off = server.on('tokenIssued', (e) => issued.push(e));
    await exchange(server, client);
    off();
    await exchange(server, client);
    expect(issued).toHaveLength(1);
  });
});
