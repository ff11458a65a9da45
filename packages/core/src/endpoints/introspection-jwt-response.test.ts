import { decodeProtectedHeader } from 'jose';
import { describe, expect, test } from 'vitest';
import {
  createTestServer,
  expectToken,
  formPost,
  ISSUER,
  registerClient,
  tokenRequest,
} from '../../test/helpers.js';
import { generateSigningJwk } from '../keys/generate-signing-jwk.js';
import { createSigningKeySet } from '../keys/signing-key-set.js';
import { wantsIntrospectionJwt } from './introspection-jwt-response.js';

const signingKeys = await createSigningKeySet([await generateSigningJwk('ES256')]);

async function setup(withKeys: boolean) {
  const { server, stores } = createTestServer(withKeys ? { signingKeys } : {});
  const client = await registerClient(stores);
  const token = await expectToken(
    await server.createTokenResponse(
      tokenRequest({ grant_type: 'client_credentials', scope: 'read' }, { basic: client }),
    ),
  );
  const introspect = (value: string, accept?: string) =>
    server.createEndpointResponse(
      'introspection',
      formPost('introspect', { token: value }, client, accept ? { accept } : {}),
    );
  return { client, token, introspect };
}

describe('JWT introspection responses (RFC 9701)', () => {
  test('asked for with Accept: a token-introspection+jwt signed by the server', async () => {
    const { client, token, introspect } = await setup(true);
    const response = await introspect(token.access_token, 'application/token-introspection+jwt');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/token-introspection+jwt');
    expect(response.headers.get('cache-control')).toBe('no-store');
    const jwt = await response.text();
    expect(decodeProtectedHeader(jwt).typ).toBe('token-introspection+jwt');
    const { payload } = await signingKeys.verify(jwt, {
      typ: 'token-introspection+jwt',
      issuer: ISSUER,
      audience: client.clientId,
    });
    expect(payload.token_introspection).toMatchObject({
      active: true,
      client_id: client.clientId,
      scope: 'read',
    });
    const inactive = await introspect('A'.repeat(43), 'application/token-introspection+jwt');
    const { payload: none } = await signingKeys.verify(await inactive.text(), {
      typ: 'token-introspection+jwt',
    });
    expect(none.token_introspection).toEqual({ active: false });
  });

  test('the metadata names the signing algorithm only when the server has signing keys', async () => {
    const metadata = async (withKeys: boolean) => {
      const { server } = createTestServer(withKeys ? { signingKeys } : {});
      const response = await server.createEndpointResponse(
        'metadata',
        new Request(`${ISSUER}/.well-known/oauth-authorization-server`),
      );
      return (await response.json()) as Record<string, unknown>;
    };
    expect((await metadata(true)).introspection_signing_alg_values_supported).toEqual(['ES256']);
    expect(await metadata(false)).not.toHaveProperty('introspection_signing_alg_values_supported');
  });

  test('not asked for, or no signing keys: plain JSON', async () => {
    const withKeys = await setup(true);
    expect(await (await withKeys.introspect(withKeys.token.access_token)).json()).toMatchObject({
      active: true,
    });
    const without = await setup(false);
    const response = await without.introspect(
      without.token.access_token,
      'application/token-introspection+jwt',
    );
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  });

  test('wantsIntrospectionJwt reads the media types of Accept', () => {
    expect(
      wantsIntrospectionJwt('application/json, Application/Token-Introspection+JWT;q=0.9'),
    ).toBe(true);
    expect(wantsIntrospectionJwt('application/json')).toBe(false);
    expect(wantsIntrospectionJwt(null)).toBe(false);
  });
});
