import { describe, expect, test } from 'vitest';
import { createSigningKeySet, generateSigningJwk } from '../../src/index.js';
import { basicAuth, ISSUER, tokenRequest } from '../helpers.js';
import {
  authorize,
  createOidcServer,
  exchange,
  PROFILES,
  registerOidcClient,
} from './oidc-fixture.js';

// OpenID Connect Core 1.0 5.3 (UserInfo), RFC 6750 2-3 (bearer), OpenID Connect Discovery 1.0.

const USERINFO = `${ISSUER}/userinfo`;

async function setup(params: Record<string, string> = { scope: 'openid profile email' }) {
  const oidc = await createOidcServer({ config: { cors: { origins: ['https://app.example'] } } });
  const client = await registerOidcClient(oidc.stores);
  const body = await exchange(oidc.server, client, await authorize(oidc.server, client, params));
  return { ...oidc, client, accessToken: body.access_token as string };
}

function get(token?: string, headers: Record<string, string> = {}): Request {
  return new Request(USERINFO, {
    headers: token === undefined ? headers : { authorization: `Bearer ${token}`, ...headers },
  });
}

function post(form: Record<string, string>, headers: Record<string, string> = {}): Request {
  return new Request(USERINFO, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(form).toString(),
  });
}

describe('UserInfo endpoint', () => {
  test('GET with the bearer header: sub and the claims of the granted scopes only', async () => {
    const { server, accessToken } = await setup();
    const response = await server.createEndpointResponse('userinfo', get(accessToken));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const body = await response.json();
    const profile = PROFILES['user-1']!;
    expect(body).toEqual({
      sub: 'user-1',
      name: profile.name,
      given_name: profile.given_name,
      email: profile.email,
      email_verified: true,
    });
  });

  test('POST with access_token in the form body (RFC 6750 2.2)', async () => {
    const { server, accessToken } = await setup();
    const response = await server.createEndpointResponse(
      'userinfo',
      post({ access_token: accessToken }),
    );
    expect(response.status).toBe(200);
    expect((await response.json()).sub).toBe('user-1');
  });

  test('claims.userinfo adds single claims to those of the scopes', async () => {
    const { server, accessToken } = await setup({
      scope: 'openid',
      claims: JSON.stringify({ userinfo: { phone_number: null } }),
    });
    const body = await (await server.createEndpointResponse('userinfo', get(accessToken))).json();
    expect(body).toEqual({ sub: 'user-1', phone_number: PROFILES['user-1']!.phone_number });
  });

  test('no token: 401 with a bare Bearer challenge', async () => {
    const { server } = await setup();
    const response = await server.createEndpointResponse('userinfo', get());
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer realm="oauthkit"');
  });

  test('an unknown, revoked or expired token: 401 error="invalid_token"', async () => {
    const { server, stores, accessToken } = await setup();
    const unknown = await server.createEndpointResponse('userinfo', get('not-a-token'));
    expect(unknown.status).toBe(401);
    expect(unknown.headers.get('www-authenticate')).toContain('error="invalid_token"');
    const [record] = stores.dump().tokens;
    await stores.tokens.revokeFamily(record!.familyId, new Date());
    const revoked = await server.createEndpointResponse('userinfo', get(accessToken));
    expect(revoked.status).toBe(401);
    expect(revoked.headers.get('www-authenticate')).toContain('error="invalid_token"');
  });

  test('a token without openid: 403 error="insufficient_scope", scope="openid"', async () => {
    const { server, accessToken } = await setup({ scope: 'read' });
    const response = await server.createEndpointResponse('userinfo', get(accessToken));
    expect(response.status).toBe(403);
    expect(response.headers.get('www-authenticate')).toContain(
      'error="insufficient_scope", scope="openid"',
    );
  });

  test('a client_credentials token (no End-User) is refused', async () => {
    const { server, client } = await setup();
    const issued = await server.createTokenResponse(
      tokenRequest(
        { grant_type: 'client_credentials', scope: 'openid' },
        { headers: { authorization: basicAuth(client) } },
      ),
    );
    const { access_token } = (await issued.json()) as { access_token: string };
    const response = await server.createEndpointResponse('userinfo', get(access_token));
    expect(response.status).toBe(401);
  });

  test('the token in the query, or in both header and body: 400 invalid_request', async () => {
    const { server, accessToken } = await setup();
    const query = await server.createEndpointResponse(
      'userinfo',
      new Request(`${USERINFO}?access_token=${accessToken}`),
    );
    expect(query.status).toBe(400);
    const both = await server.createEndpointResponse(
      'userinfo',
      post({ access_token: accessToken }, { authorization: `Bearer ${accessToken}` }),
    );
    expect(both.status).toBe(400);
    expect((await both.json()).error).toBe('invalid_request');
  });

  test('other methods: 405; a CORS preflight from an allowed origin is answered', async () => {
    const { server } = await setup();
    const put = await server.createEndpointResponse(
      'userinfo',
      new Request(USERINFO, { method: 'PUT' }),
    );
    expect(put.status).toBe(405);
    const preflight = await server.createEndpointResponse(
      'userinfo',
      new Request(USERINFO, {
        method: 'OPTIONS',
        headers: {
          origin: 'https://app.example',
          'access-control-request-method': 'GET',
          'access-control-request-headers': 'authorization',
        },
      }),
    );
    expect(preflight.status).toBeLessThan(300);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('https://app.example');
  });

  test('pairwise clients see their pairwise sub at UserInfo too', async () => {
    const oidc = await createOidcServer({ openid: { pairwiseSalt: 'x'.repeat(32) } });
    const client = await registerOidcClient(oidc.stores, { subjectType: 'pairwise' });
    const body = await exchange(oidc.server, client, await authorize(oidc.server, client));
    const info = await (
      await oidc.server.createEndpointResponse('userinfo', get(body.access_token as string))
    ).json();
    const { decodeJwt } = await import('jose');
    expect(info.sub).toBe(decodeJwt(body.id_token as string).sub);
    expect(info.sub).not.toBe('user-1');
  });
});

describe('discovery (OpenID Connect Discovery 1.0)', () => {
  test('/.well-known/openid-configuration: the registry metadata plus the OpenID fields', async () => {
    const keys = await createSigningKeySet([
      await generateSigningJwk('ES256'),
      await generateSigningJwk('RS256'),
    ]);
    const { server } = await createOidcServer({
      keys,
      openid: { acrValuesSupported: ['urn:example:silver'] },
    });
    const response = await server.createEndpointResponse(
      'openid-configuration',
      new Request(`${ISSUER}/.well-known/openid-configuration`),
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toMatch(/^public/);
    const doc = await response.json();
    expect(doc).toMatchObject({
      issuer: ISSUER,
      authorization_endpoint: `${ISSUER}/authorize`,
      token_endpoint: `${ISSUER}/token`,
      userinfo_endpoint: `${ISSUER}/userinfo`,
      jwks_uri: `${ISSUER}/jwks`,
      response_types_supported: ['code'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['ES256', 'RS256'],
      claims_parameter_supported: true,
      request_parameter_supported: false,
      request_uri_parameter_supported: false,
      acr_values_supported: ['urn:example:silver'],
    });
    expect(doc.scopes_supported).toContain('openid');
    expect(doc.claims_supported).toEqual(expect.arrayContaining(['sub', 'email', 'name']));
    // The same registry answers RFC 8414.
    expect(await server.metadata()).toEqual(doc);
  });

  test('a configured scopesSupported list is published as it is', async () => {
    const { server } = await createOidcServer({
      config: { scopesSupported: ['openid', 'email', 'read'] },
    });
    expect((await server.metadata()).scopes_supported).toEqual(['openid', 'email', 'read']);
  });
});
