import { createLocalJWKSet, jwtVerify } from 'jose';
import { describe, expect, test } from 'vitest';
import { createTestServer, ISSUER } from '../../test/helpers.js';
import { generateSigningJwk } from '../keys/generate-signing-jwk.js';
import { PRIVATE_JWK_MEMBERS } from '../keys/public-jwk.js';
import { createSigningKeySet, type SigningKeySet } from '../keys/signing-key-set.js';

async function keySet(): Promise<SigningKeySet> {
  return createSigningKeySet([
    await generateSigningJwk('ES256'),
    await generateSigningJwk('RS256'),
  ]);
}

describe('JWKS endpoint', () => {
  test('a server given signingKeys publishes their public parts at /jwks, named jwks_uri', async () => {
    const signingKeys = await keySet();
    const { server } = createTestServer({ signingKeys });
    expect((await server.metadata()).jwks_uri).toBe(`${ISSUER}/jwks`);
    const response = await server.createEndpointResponse('jwks', new Request(`${ISSUER}/jwks`));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/jwk-set\+json/);
    expect(response.headers.get('cache-control')).toMatch(/^public, max-age=\d+$/);
    const jwks = (await response.json()) as { keys: Record<string, unknown>[] };
    expect(jwks.keys.map((k) => k.kid)).toEqual(signingKeys.keys.map((k) => k.kid));
    // SECURITY: never a private member.
    for (const key of jwks.keys) {
      for (const member of PRIVATE_JWK_MEMBERS) expect(key).not.toHaveProperty(member);
    }
    // What the server signs verifies against what it publishes.
    const jwt = await signingKeys.sign({ iss: ISSUER, sub: 'u' }, { typ: 'JWT' });
    const { payload } = await jwtVerify(jwt, createLocalJWKSet(jwks as never), { issuer: ISSUER });
    expect(payload.sub).toBe('u');
  });

  test('POST is 405 with Allow: GET, HEAD', async () => {
    const { server } = createTestServer({ signingKeys: await keySet() });
    const response = await server.createEndpointResponse(
      'jwks',
      new Request(`${ISSUER}/jwks`, { method: 'POST' }),
    );
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, HEAD');
  });

  test('without signingKeys there is no JWKS endpoint and no jwks_uri', async () => {
    const { server } = createTestServer();
    expect(server.endpoints.has('jwks')).toBe(false);
    expect(await server.metadata()).not.toHaveProperty('jwks_uri');
  });

  test('signingKeys that createSigningKeySet did not make are refused at start-up', async () => {
    const real = await keySet();
    const forged = { ...real, jwks: () => ({ keys: [] }) };
    expect(() => createTestServer({ signingKeys: forged })).toThrow(
      /signingKeys must be a key set made by createSigningKeySet/,
    );
  });
});
