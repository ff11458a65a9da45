import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT, UnsecuredJWT } from 'jose';
import { afterAll, describe, expect, test } from 'vitest';
import {
  createTestServer,
  expectToken,
  ISSUER,
  registerClient,
  resourceRequest,
  tokenRequest,
} from '../../test/helpers.js';
import { generateSigningJwk } from '../keys/generate-signing-jwk.js';
import { createSigningKeySet, type SigningKeySet } from '../keys/signing-key-set.js';
import { createJwtBearerValidator, type JwtAccessToken } from './jwt-bearer-validator.js';
import { ResourceProtector } from './resource-protector.js';

const API = 'https://api.example/';
const keysA = await createSigningKeySet([await generateSigningJwk('ES256', { kid: 'a' })]);
const keysB = await createSigningKeySet([await generateSigningJwk('RS256', { kid: 'b' })]);

/** A JWT access token for API with scope `read`, issued by a server signing with `keys`. */
async function issue(keys: SigningKeySet = keysA, scope = 'read'): Promise<string> {
  const { server, stores } = createTestServer({
    config: { accessTokenFormat: 'jwt', resources: { [API]: {} } },
    signingKeys: keys,
  });
  const client = await registerClient(stores);
  const body = await expectToken(
    await server.createTokenResponse(
      tokenRequest({ grant_type: 'client_credentials', scope, resource: API }, { basic: client }),
    ),
  );
  return body.access_token;
}

const protector = (options: Partial<Parameters<typeof createJwtBearerValidator>[0]> = {}) =>
  new ResourceProtector(
    createJwtBearerValidator({ issuer: ISSUER, audience: API, jwks: keysA.jwks(), ...options }),
  );

/** Status and challenge of a request with `token`, through a protector. */
async function outcome(token: string, p = protector(), scopes: string[] = []) {
  const result = await p.protectWebRequest(resourceRequest(token), scopes);
  if (result.ok) return { status: 200, token: result.token as JwtAccessToken };
  return {
    status: result.response.status,
    challenge: result.response.headers.get('www-authenticate'),
    body: await result.response.json(),
  };
}

const refused = (description: string) => ({
  status: 401,
  challenge: `Bearer realm="oauthkit", error="invalid_token", error_description="${description}"`,
  body: { error: 'invalid_token', error_description: description },
});

describe('createJwtBearerValidator', () => {
  test('accepts a JWT access token of the issuer, for this audience, with the scope', async () => {
    const result = await outcome(await issue(), protector(), ['read']);
    expect(result.status).toBe(200);
    const token = (result as { token: JwtAccessToken }).token;
    expect(token.getScope()).toBe('read');
    expect(token.getUserId()).toBeNull();
    expect(token.getClientId()).toBe(token.claims.client_id);
    expect(token.claims).toMatchObject({ iss: ISSUER, aud: API });
  });

  test('a missing scope: 403 insufficient_scope', async () => {
    expect(await outcome(await issue(), protector(), ['write'])).toMatchObject({
      status: 403,
      challenge: 'Bearer realm="oauthkit", error="insufficient_scope", scope="write"',
    });
  });

  test('another audience: invalid_token', async () => {
    expect(await outcome(await issue(), protector({ audience: 'https://other.example/' }))).toEqual(
      refused('The access token is not for this resource'),
    );
  });

  test('another issuer: invalid_token', async () => {
    expect(await outcome(await issue(), protector({ issuer: 'https://evil.example' }))).toEqual(
      refused('The access token comes from another issuer'),
    );
  });

  test('expired: invalid_token, within the clock tolerance: accepted', async () => {
    const token = await issue();
    const later = () => new Date(Date.now() + 3_610_000);
    expect(await outcome(token, protector({ now: later }))).toEqual(
      refused('The access token expired'),
    );
    expect(
      (await outcome(token, protector({ now: later, clockToleranceSeconds: 60 }))).status,
    ).toBe(200);
  });

  test('typ other than at+jwt (an ID token, say): invalid_token (RFC 9068 4)', async () => {
    const now = Math.floor(Date.now() / 1000);
    const claims = {
      iss: ISSUER,
      aud: API,
      sub: 'u',
      client_id: 'c',
      iat: now,
      exp: now + 60,
      jti: 'j',
    };
    expect(await outcome(await keysA.sign(claims, { typ: 'JWT' }))).toEqual(
      refused('The token is not a JWT access token (typ at+jwt)'),
    );
    expect((await outcome(await keysA.sign(claims, { typ: 'application/at+jwt' }))).status).toBe(
      200,
    );
  });

  test('tampered: invalid_token', async () => {
    const [header, payload, signature] = (await issue()).split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    const widened = Buffer.from(JSON.stringify({ ...claims, scope: 'read admin' })).toString(
      'base64url',
    );
    expect(await outcome(`${header}.${widened}.${signature}`)).toEqual(
      refused('The access token signature is invalid'),
    );
  });

  test('an unknown kid: invalid_token', async () => {
    expect(await outcome(await issue(keysB))).toEqual(
      refused('No key of the issuer matches the access token'),
    );
  });

  test('alg none and HS256 keyed with the public key: invalid_token (rule 34)', async () => {
    const now = Math.floor(Date.now() / 1000);
    const claims = {
      iss: ISSUER,
      aud: API,
      sub: 'u',
      client_id: 'c',
      iat: now,
      exp: now + 60,
      jti: 'j',
    };
    const none = new UnsecuredJWT(claims).encode();
    expect(await outcome(none)).toEqual(refused('The access token algorithm is not allowed'));
    const publicJwk = keysA.jwks().keys[0]!;
    const hs256 = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt', kid: 'a' })
      .sign(new TextEncoder().encode(JSON.stringify(publicJwk)));
    expect(await outcome(hs256)).toEqual(refused('The access token algorithm is not allowed'));
    // An algorithm the server signs with, but outside this resource's allow-list.
    expect(await outcome(await issue(), protector({ algorithms: ['RS256'] }))).toEqual(
      refused('The access token algorithm is not allowed'),
    );
  });

  test('an opaque token or garbage: invalid_token; no token: the bare challenge', async () => {
    expect(await outcome('A'.repeat(43))).toEqual(refused('The access token is malformed'));
    const result = await protector().protectWebRequest(resourceRequest());
    expect(result.ok).toBe(false);
    const { response } = result as { ok: false; response: Response };
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer realm="oauthkit"');
  });

  test.each([
    [{ algorithms: ['HS256'] }, /algorithms must be a non-empty list/],
    [{ algorithms: ['none'] }, /algorithms must be a non-empty list/],
    [{ jwks: { keys: [{ kty: 'oct', k: 'c2VjcmV0' }] } }, /jwks must be a public JWKS/],
    [{ jwksUri: 'https://as.example/jwks' }, /exactly one of jwks and jwksUri/],
    [{ jwks: undefined, jwksUri: 'http://as.example/jwks' }, /jwksUri must be an https URL/],
    [{ audience: [] }, /audience must be a non-empty string or list/],
    [{ issuer: 'nope' }, /issuer must be the issuer URL/],
    [{ clockToleranceSeconds: -1 }, /clockToleranceSeconds must be 0 to 300/],
  ])('%j is a TypeError', (options, message) => {
    expect(() =>
      createJwtBearerValidator({
        issuer: ISSUER,
        audience: API,
        jwks: keysA.jwks(),
        ...(options as object),
      }),
    ).toThrow(message);
  });
});

describe('createJwtBearerValidator with a jwksUri', () => {
  let served = keysA.jwks();
  let fetches = 0;
  const server = createServer((_req, res) => {
    fetches++;
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(served));
  });
  const listening = new Promise<string>((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks`),
    ),
  );
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  test('fetched once and cached; fetched again for an unknown kid (a rotation)', async () => {
    const jwksUri = await listening;
    const p = protector({ jwks: undefined, jwksUri, jwksCooldownSeconds: 0 });
    expect((await outcome(await issue(), p)).status).toBe(200);
    expect((await outcome(await issue(), p)).status).toBe(200);
    expect(fetches).toBe(1);
    served = { keys: [...keysB.jwks().keys, ...keysA.jwks().keys] };
    expect((await outcome(await issue(keysB), p)).status).toBe(200);
    expect(fetches).toBe(2);
  });

  test('an unknown kid within the cooldown does not fetch again', async () => {
    const jwksUri = await listening;
    served = keysA.jwks();
    const p = protector({ jwks: undefined, jwksUri });
    const before = fetches;
    expect((await outcome(await issue(), p)).status).toBe(200);
    expect(await outcome(await issue(keysB), p)).toEqual(
      refused('No key of the issuer matches the access token'),
    );
    expect(fetches).toBe(before + 1);
  });

  test('keys that cannot be fetched: 503, not a verdict on the token', async () => {
    const p = protector({ jwks: undefined, jwksUri: 'http://127.0.0.1:1/jwks' });
    expect(await outcome(await issue(), p)).toMatchObject({ status: 503 });
  });
});
