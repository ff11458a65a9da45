import { decodeJwt } from 'jose';
import { describe, expect, test } from 'vitest';
import { claimHash } from '../../src/index.js';
import {
  authorizeRequest,
  expectErrorRedirect,
  expectRedirect,
  ISSUER,
  pkcePair,
  REDIRECT_URI,
  type TestClient,
  testUser,
} from '../helpers.js';
import {
  createOidcServer,
  exchange,
  PROFILES,
  registerOidcClient,
  verifyIdToken,
} from './oidc-fixture.js';

// OpenID Connect Core 1.0 3.2: response_type=id_token and id_token token (openid.implicit).

function request(client: TestClient, params: Record<string, string>): Request {
  return authorizeRequest({
    client_id: client.clientId,
    redirect_uri: REDIRECT_URI,
    scope: 'openid email',
    state: 'st',
    ...params,
  });
}

async function implicitServer() {
  const oidc = await createOidcServer({ openid: { implicit: true } });
  const client = await registerOidcClient(oidc.stores, {
    responseTypes: ['code', 'id_token', 'id_token token', 'code id_token'],
    grantTypes: ['authorization_code', 'implicit'],
  });
  return { ...oidc, client };
}

const approval = { extensions: { authTime: Math.floor(Date.now() / 1000) } };

describe('implicit flow (openid.implicit)', () => {
  test('off by default: unsupported_response_type, and not in the metadata', async () => {
    const { server, stores } = await createOidcServer();
    const client = await registerOidcClient(stores, {
      responseTypes: ['code', 'id_token'],
      grantTypes: ['authorization_code', 'implicit'],
    });
    await expectErrorRedirect(
      await server.createAuthorizationResponse(
        request(client, { response_type: 'id_token', nonce: 'n' }),
        testUser(),
        approval,
      ),
      { error: 'unsupported_response_type', state: 'st' },
    );
    expect((await server.metadata()).response_types_supported).toEqual(['code']);
  });

  test('id_token: in the fragment, nonce echoed, scope claims inside, no access token', async () => {
    const { server, client } = await implicitServer();
    const r = await expectRedirect(
      await server.createAuthorizationResponse(
        request(client, { response_type: 'id_token', nonce: 'n-1' }),
        testUser(),
        approval,
      ),
    );
    expect([...r.query.keys()]).toEqual([]);
    expect(r.fragment.get('access_token')).toBeNull();
    expect(r.fragment.get('state')).toBe('st');
    expect(r.fragment.get('iss')).toBe(ISSUER);
    const { payload } = await verifyIdToken(server, r.fragment.get('id_token'), client.clientId);
    expect(payload.nonce).toBe('n-1');
    expect(payload.email).toBe(PROFILES['user-1']!.email);
    expect(payload).not.toHaveProperty('at_hash');
    const metadata = await server.metadata();
    expect(metadata.response_types_supported).toEqual([
      'code',
      'id_token',
      'id_token token',
      'code id_token',
    ]);
    expect(metadata.response_modes_supported).toEqual(['query', 'fragment']);
    expect(metadata.grant_types_supported).toContain('implicit');
  });

  test('SECURITY 39: id_token token: at_hash binds the access token; UserInfo answers for it', async () => {
    const { server, client } = await implicitServer();
    const r = await expectRedirect(
      await server.createAuthorizationResponse(
        request(client, { response_type: 'id_token token', nonce: 'n-2' }),
        testUser(),
        approval,
      ),
    );
    const accessToken = r.fragment.get('access_token')!;
    expect(r.fragment.get('refresh_token')).toBeNull();
    const { payload } = await verifyIdToken(server, r.fragment.get('id_token'), client.clientId);
    expect(payload.at_hash).toBe(claimHash(accessToken, 'ES256'));
    expect(payload).not.toHaveProperty('email');
    const info = await server.createEndpointResponse(
      'userinfo',
      new Request(`${ISSUER}/userinfo`, { headers: { authorization: `Bearer ${accessToken}` } }),
    );
    expect(await info.json()).toMatchObject({ sub: 'user-1', email: PROFILES['user-1']!.email });
    expect(decodeJwt(r.fragment.get('id_token')!).sub).toBe('user-1');
  });

  test('no nonce, or no openid scope: refused by redirect in the fragment', async () => {
    const { server, client, stores } = await implicitServer();
    await expectErrorRedirect(
      await server.createAuthorizationResponse(
        request(client, { response_type: 'id_token' }),
        testUser(),
        approval,
      ),
      { error: 'invalid_request', state: 'st', mode: 'fragment' },
    );
    await expectErrorRedirect(
      await server.createAuthorizationResponse(
        request(client, { response_type: 'id_token token', nonce: 'n', scope: 'email' }),
        testUser(),
        approval,
      ),
      { error: 'invalid_scope', state: 'st', mode: 'fragment' },
    );
    expect(stores.dump().tokens).toEqual([]);
  });

  test('SECURITY 39: code id_token (hybrid): c_hash binds the code; the code exchange echoes the nonce', async () => {
    const { server, client, stores } = await implicitServer();
    const { verifier, challenge } = pkcePair();
    const r = await expectRedirect(
      await server.createAuthorizationResponse(
        request(client, {
          response_type: 'code id_token',
          nonce: 'n-3',
          code_challenge: challenge,
          code_challenge_method: 'S256',
        }),
        testUser(),
        approval,
      ),
    );
    const code = r.fragment.get('code')!;
    expect(r.fragment.get('access_token')).toBeNull();
    const front = await verifyIdToken(server, r.fragment.get('id_token'), client.clientId);
    expect(front.payload.c_hash).toBe(claimHash(code, 'ES256'));
    expect(front.payload.nonce).toBe('n-3');
    expect(front.payload).not.toHaveProperty('email');
    expect(stores.dump().codes[0]?.nonce).toBe('n-3');
    const body = await exchange(server, client, { query: r.fragment, verifier });
    const back = await verifyIdToken(server, body.id_token, client.clientId);
    expect(back.payload.nonce).toBe('n-3');
    expect(back.payload.sub).toBe(front.payload.sub);
  });
});
