import { decodeJwt } from 'jose';
import { describe, expect, test } from 'vitest';
import { claimHash, createSigningKeySet, generateSigningJwk } from '../../src/index.js';
import {
  basicAuth,
  createTestServer,
  ISSUER,
  REDIRECT_URI,
  testUser,
  tokenRequest,
} from '../helpers.js';
import {
  authorize,
  createOidcServer,
  exchange,
  PROFILES,
  refresh,
  registerOidcClient,
  testKeys,
  verifyIdToken,
} from './oidc-fixture.js';

// OpenID Connect Core 1.0 3.1.3.3, 3.1.3.6, 12.2: the ID token of the code flow and of refresh.

describe('enabling OpenID Connect', () => {
  test('without signingKeys the server refuses to start', () => {
    expect(() => createTestServer({ openid: { findClaims: () => ({}) } })).toThrow(
      /openid needs signingKeys/,
    );
  });

  test('a misspelt or unknown option key is refused; findClaims is required', async () => {
    const signingKeys = await testKeys();
    expect(() =>
      createTestServer({ signingKeys, openid: { findClaim: () => ({}) } as never }),
    ).toThrow(/openid\.findClaim is not an option; did you mean findClaims\?/);
    expect(() =>
      createTestServer({
        signingKeys,
        openid: { findClaims: () => ({}), somethingElse: 1 } as never,
      }),
    ).toThrow(/openid\.somethingElse is not an option/);
    expect(() => createTestServer({ signingKeys, openid: {} as never })).toThrow(
      /openid\.findClaims must be a function/,
    );
    expect(() =>
      createTestServer({ signingKeys, openid: { findClaims: () => ({}), pairwiseSalt: 'short' } }),
    ).toThrow(/pairwiseSalt/);
    expect(() => createTestServer({ signingKeys, openi: {} } as never)).toThrow(
      /options\.openi is not an option; did you mean openid\?/,
    );
  });

  test('a scopesSupported list without openid is refused', async () => {
    const signingKeys = await testKeys();
    expect(() =>
      createTestServer({
        signingKeys,
        openid: { findClaims: () => ({}) },
        config: { scopesSupported: ['read'] },
      }),
    ).toThrow(/scopesSupported must include openid/);
  });
});

describe('ID token on the code exchange', () => {
  test('SECURITY 39: iss, sub, aud = client id, exp, iat, nonce echoed exactly, auth_time, acr, amr, at_hash; verified against the JWKS', async () => {
    const { server, stores, signingKeys } = await createOidcServer();
    const client = await registerOidcClient(stores);
    const nonce = 'n-0S6_WzA2Mj ü+/=%';
    const authTime = Math.floor(Date.now() / 1000) - 30;
    const result = await authorize(server, client, { nonce }, testUser(), {
      extensions: { authTime, acr: 'urn:mace:incommon:iap:silver', amr: ['pwd', 'otp'] },
    });
    const body = await exchange(server, client, result);
    const { payload, kid, alg } = await verifyIdToken(server, body.id_token, client.clientId);
    expect(kid).toBe(signingKeys.keys[0]!.kid);
    expect(alg).toBe('ES256');
    expect(payload.iss).toBe(ISSUER);
    expect(payload.sub).toBe('user-1');
    expect(payload.aud).toBe(client.clientId);
    expect(payload).not.toHaveProperty('azp');
    expect(payload.nonce).toBe(nonce);
    expect(payload.auth_time).toBe(authTime);
    expect(payload.acr).toBe('urn:mace:incommon:iap:silver');
    expect(payload.amr).toEqual(['pwd', 'otp']);
    expect(payload.at_hash).toBe(claimHash(body.access_token as string, 'ES256'));
    expect(payload.exp! - payload.iat!).toBe(3600);
    expect(Math.abs(payload.iat! - Date.now() / 1000)).toBeLessThan(60);
  });

  test('no nonce sent: none in the ID token', async () => {
    const { server, stores } = await createOidcServer();
    const client = await registerOidcClient(stores);
    const body = await exchange(server, client, await authorize(server, client));
    expect(decodeJwt(body.id_token as string)).not.toHaveProperty('nonce');
  });

  test('without openid in the scope: a plain OAuth token response, no ID token', async () => {
    const { server, stores, findClaims } = await createOidcServer();
    const client = await registerOidcClient(stores);
    const body = await exchange(
      server,
      client,
      await authorize(server, client, { scope: 'read', prompt: 'bogus' }),
    );
    expect(body).not.toHaveProperty('id_token');
    expect(findClaims.calls).toEqual([]);
  });

  test('client_credentials with openid in the scope gets no ID token (there is no End-User)', async () => {
    const { server, stores } = await createOidcServer();
    const client = await registerOidcClient(stores);
    const response = await server.createTokenResponse(
      tokenRequest(
        { grant_type: 'client_credentials', scope: 'openid read' },
        { headers: { authorization: basicAuth(client) } },
      ),
    );
    const body = (await response.json()) as Record<string, unknown>;
    expect(response.status).toBe(200);
    expect(body).not.toHaveProperty('id_token');
  });

  test('scope claims go to UserInfo, not the ID token; the claims parameter puts them in it; only requested claims are released', async () => {
    const { server, stores, findClaims } = await createOidcServer();
    const client = await registerOidcClient(stores);
    const plain = await exchange(
      server,
      client,
      await authorize(server, client, { scope: 'openid profile email' }),
    );
    const p1 = decodeJwt(plain.id_token as string);
    expect(p1).not.toHaveProperty('email');
    expect(p1).not.toHaveProperty('name');
    expect(findClaims.calls).toEqual([]);
    const claims = JSON.stringify({ id_token: { email: { essential: true }, sub: null } });
    const asked = await exchange(
      server,
      client,
      await authorize(server, client, { scope: 'openid', claims }),
    );
    const p2 = decodeJwt(asked.id_token as string);
    expect(p2.email).toBe(PROFILES['user-1']!.email);
    expect(p2).not.toHaveProperty('name');
    expect(p2).not.toHaveProperty('phone_number');
    // The profile's own "sub" never replaces the server's.
    expect(p2.sub).toBe('user-1');
    expect(findClaims.calls).toEqual([['email']]);
  });

  test('idTokenScopeClaims puts the scope claims in the ID token', async () => {
    const { server, stores } = await createOidcServer({
      openid: { idTokenScopeClaims: true },
    });
    const client = await registerOidcClient(stores);
    const body = await exchange(
      server,
      client,
      await authorize(server, client, { scope: 'openid email' }),
    );
    const payload = decodeJwt(body.id_token as string);
    expect(payload.email).toBe('ada@example.com');
    expect(payload.email_verified).toBe(true);
    expect(payload).not.toHaveProperty('name');
  });

  test("the client's id_token_signed_response_alg is used when the key set has it, else the signing key's", async () => {
    const keys = await createSigningKeySet([
      await generateSigningJwk('ES256'),
      await generateSigningJwk('RS256'),
    ]);
    const { server, stores } = await createOidcServer({ keys });
    const rs = await registerOidcClient(stores, { idTokenSignedResponseAlg: 'RS256' });
    const ps = await registerOidcClient(stores, { idTokenSignedResponseAlg: 'PS256' });
    const a = await exchange(server, rs, await authorize(server, rs));
    const b = await exchange(server, ps, await authorize(server, ps));
    const va = await verifyIdToken(server, a.id_token, rs.clientId);
    expect(va.alg).toBe('RS256');
    expect(va.kid).toBe(keys.keys[1]!.kid);
    expect(va.payload.at_hash).toBe(claimHash(a.access_token as string, 'RS256'));
    expect((await verifyIdToken(server, b.id_token, ps.clientId)).alg).toBe('ES256');
  });

  test('a failing findClaims fails closed: 503, no ID token', async () => {
    const { server, stores } = await createOidcServer({
      openid: {
        findClaims: () => {
          throw new Error('profile database down');
        },
      },
    });
    const client = await registerOidcClient(stores);
    const result = await authorize(server, client, {
      claims: JSON.stringify({ id_token: { email: null } }),
    });
    const response = await server.createTokenResponse(
      tokenRequest(
        {
          grant_type: 'authorization_code',
          code: result.query.get('code')!,
          redirect_uri: REDIRECT_URI,
          code_verifier: result.verifier,
        },
        { headers: { authorization: basicAuth(client) } },
      ),
    );
    expect(response.status).toBe(503);
    expect(await response.text()).not.toContain('profile database down');
  });
});

describe('ID token on refresh (OpenID Connect Core 12.2)', () => {
  test('a new ID token: same iss, sub, aud, auth_time, acr; new iat; no nonce; at_hash of the new access token', async () => {
    const { server, stores } = await createOidcServer({
      config: { rotateConfidentialRefreshTokens: true },
    });
    const client = await registerOidcClient(stores);
    const authTime = Math.floor(Date.now() / 1000) - 100;
    const first = await exchange(
      server,
      client,
      await authorize(server, client, { nonce: 'abc' }, testUser(), {
        extensions: { authTime, acr: '1' },
      }),
    );
    const original = (await verifyIdToken(server, first.id_token, client.clientId)).payload;
    const second = await refresh(server, client, first.refresh_token as string);
    const renewed = (await verifyIdToken(server, second.id_token, client.clientId)).payload;
    expect(second.id_token).not.toBe(first.id_token);
    for (const claim of ['iss', 'sub', 'aud', 'auth_time', 'acr'] as const) {
      expect(renewed[claim]).toEqual(original[claim]);
    }
    expect(renewed).not.toHaveProperty('nonce');
    expect(renewed.at_hash).toBe(claimHash(second.access_token as string, 'ES256'));
    // And again from the rotated refresh token.
    const third = await refresh(server, client, second.refresh_token as string);
    expect((await verifyIdToken(server, third.id_token, client.clientId)).payload.auth_time).toBe(
      authTime,
    );
  });

  test('a refresh narrowed to a scope without openid gets no ID token', async () => {
    const { server, stores } = await createOidcServer();
    const client = await registerOidcClient(stores);
    const first = await exchange(
      server,
      client,
      await authorize(server, client, { scope: 'openid read' }),
    );
    const narrowed = await refresh(server, client, first.refresh_token as string, {
      scope: 'read',
    });
    expect(narrowed).not.toHaveProperty('id_token');
  });
});

describe('subject types (OpenID Connect Core 8)', () => {
  test('pairwise: one sub per sector, stable, never the local id; public clients keep the local id', async () => {
    const { server, stores } = await createOidcServer({
      openid: { pairwiseSalt: 'a-server-secret-of-some-length' },
    });
    const a = await registerOidcClient(stores, { subjectType: 'pairwise' });
    const b = await registerOidcClient(stores, {
      subjectType: 'pairwise',
      sectorIdentifierUri: 'https://other-sector.example/sector.json',
    });
    const pub = await registerOidcClient(stores);
    const sub = async (client: typeof a) =>
      decodeJwt(
        (await exchange(server, client, await authorize(server, client))).id_token as string,
      ).sub;
    const subA = await sub(a);
    expect(subA).not.toBe('user-1');
    expect(await sub(a)).toBe(subA);
    expect(await sub(b)).not.toBe(subA);
    expect(await sub(pub)).toBe('user-1');
    const metadata = await server.metadata();
    expect(metadata.subject_types_supported).toEqual(['public', 'pairwise']);
  });

  test('a pairwise client on a server without pairwiseSalt gets server_error, never a public sub', async () => {
    const { server, stores } = await createOidcServer({ onServerError: () => {} });
    const client = await registerOidcClient(stores, { subjectType: 'pairwise' });
    const result = await authorize(server, client);
    expect(result.query.get('error')).toBe('server_error');
    expect(result.query.get('code')).toBeNull();
    expect(stores.dump().codes).toEqual([]);
  });
});
