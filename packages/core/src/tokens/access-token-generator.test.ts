import { decodeJwt, decodeProtectedHeader } from 'jose';
import { describe, expect, test, vi } from 'vitest';
import {
  codeExchange,
  createTestServer,
  expectError,
  expectToken,
  formPost,
  ISSUER,
  registerClient,
  resourceRequest,
  seedCode,
  type TestServerOptions,
  tokenRequest,
} from '../../test/helpers.js';
import { digestToken } from '../crypto/digest.js';
import { generateSigningJwk } from '../keys/generate-signing-jwk.js';
import { createSigningKeySet } from '../keys/signing-key-set.js';
import type { ClientMetadata } from '../models/client-metadata.js';

const signingKeys = await createSigningKeySet([await generateSigningJwk('ES256', { kid: 'k1' })]);

async function setup(
  config: TestServerOptions['config'] = {},
  metadata: Partial<ClientMetadata> = {},
) {
  const { server, stores } = createTestServer({ config, signingKeys });
  await server.ready;
  const client = await registerClient(stores, metadata);
  const cc = async (extra: Record<string, string> = {}) =>
    server.createTokenResponse(
      tokenRequest(
        { grant_type: 'client_credentials', scope: 'read', ...extra },
        { basic: client },
      ),
    );
  return { server, stores, client, cc };
}

describe('JWT access tokens (RFC 9068)', () => {
  test('accessTokenFormat "jwt": a signed at+jwt with the claims of RFC 9068 2.2', async () => {
    const { client, cc } = await setup({ accessTokenFormat: 'jwt' });
    const before = Math.floor(Date.now() / 1000);
    const body = await expectToken(await cc());
    expect(decodeProtectedHeader(body.access_token)).toEqual({
      alg: 'ES256',
      kid: 'k1',
      typ: 'at+jwt',
    });
    const { payload } = await signingKeys.verify(body.access_token, {
      typ: 'at+jwt',
      issuer: ISSUER,
      audience: ISSUER,
    });
    expect(Object.keys(payload).sort()).toEqual(
      ['aud', 'client_id', 'exp', 'iat', 'iss', 'jti', 'scope', 'sub'].sort(),
    );
    expect(payload).toMatchObject({
      sub: client.clientId,
      client_id: client.clientId,
      scope: 'read',
    });
    expect(payload.iat).toBeGreaterThanOrEqual(before);
    expect(payload.exp! - payload.iat!).toBe(body.expires_in);
    expect(payload.jti).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  test('the store keeps the digest of the JWT only; bearer validation, revocation and introspection work as for opaque tokens', async () => {
    const { server, stores, client, cc } = await setup({ accessTokenFormat: 'jwt' });
    const body = await expectToken(await cc());
    const dump = JSON.stringify(stores.dump());
    expect(dump).not.toContain(body.access_token);
    expect(dump).not.toContain(decodeJwt(body.access_token).jti);
    expect(stores.dump().tokens[0]!.accessTokenDigest).toBe(digestToken(body.access_token));
    const validate = server.createBearerTokenValidator();
    const token = await validate({ headers: resourceRequest(body.access_token).headers });
    expect(token.getClientId()).toBe(client.clientId);

    const introspect = async () =>
      (
        await server.createEndpointResponse(
          'introspection',
          formPost('introspect', { token: body.access_token }, client),
        )
      ).json();
    expect(await introspect()).toMatchObject({ active: true, client_id: client.clientId });
    const revoked = await server.createEndpointResponse(
      'revocation',
      formPost('revoke', { token: body.access_token }, client),
    );
    expect(revoked.status).toBe(200);
    expect(await introspect()).toEqual({ active: false });
    await expect(validate({ headers: resourceRequest(body.access_token).headers })).rejects.toThrow(
      'invalid_token',
    );
  });

  test('a code exchange: sub is the user, auth_time and acr come from the code', async () => {
    const { server, stores, client } = await setup({ accessTokenFormat: 'jwt' });
    const seeded = await seedCode(stores, {
      clientId: client.clientId,
      extensions: { authTime: 1_700_000_000, acr: 'urn:example:mfa' },
    });
    const body = await expectToken(
      await server.createTokenResponse(tokenRequest(codeExchange(seeded), { basic: client })),
    );
    const payload = decodeJwt(body.access_token);
    expect(payload).toMatchObject({
      sub: 'user-1',
      client_id: client.clientId,
      auth_time: 1_700_000_000,
      acr: 'urn:example:mfa',
    });
    // The refresh token stays opaque, and its access tokens are JWTs too.
    expect(body.refresh_token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const refreshed = await expectToken(
      await server.createTokenResponse(
        tokenRequest(
          { grant_type: 'refresh_token', refresh_token: body.refresh_token! },
          { basic: client },
        ),
      ),
    );
    expect(decodeJwt(refreshed.access_token)).toMatchObject({
      sub: 'user-1',
      auth_time: 1_700_000_000,
    });
  });

  test('per client: accessTokenFormat metadata wins over the server setting', async () => {
    const jwtClient = await setup({}, { accessTokenFormat: 'jwt' });
    expect((await expectToken(await jwtClient.cc())).access_token.split('.')).toHaveLength(3);
    const opaqueClient = await setup({ accessTokenFormat: 'jwt' }, { accessTokenFormat: 'opaque' });
    expect((await expectToken(await opaqueClient.cc())).access_token).toMatch(
      /^[A-Za-z0-9_-]{43}$/,
    );
    const byDefault = await setup();
    expect((await expectToken(await byDefault.cc())).access_token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  test('a server choosing JWT access tokens without signingKeys refuses to start', () => {
    expect(() => createTestServer({ config: { accessTokenFormat: 'jwt' } })).toThrow(
      new TypeError('config.accessTokenFormat "jwt" needs the signingKeys option'),
    );
    expect(() =>
      createTestServer({
        config: { resources: { 'https://api.example/': { format: 'jwt' } } },
      }),
    ).toThrow(
      new TypeError(
        'config.resources["https://api.example/"].format "jwt" needs the signingKeys option',
      ),
    );
    expect(() => createTestServer({ config: { accessTokenFormat: 'JWT' as 'jwt' } })).toThrow(
      new TypeError('config.accessTokenFormat must be "opaque" or "jwt"'),
    );
  });

  test('a client asking for JWTs on a server without keys: 500, nothing stored', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const { server, stores } = createTestServer();
    const client = await registerClient(stores, { accessTokenFormat: 'jwt' });
    await expectError(
      await server.createTokenResponse(
        tokenRequest({ grant_type: 'client_credentials' }, { basic: client }),
      ),
      500,
      'server_error',
    );
    expect(stores.dump().tokens).toEqual([]);
    expect(errors).toHaveBeenCalledTimes(1);
    errors.mockRestore();
  });
});
