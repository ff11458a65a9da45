import * as oauth from 'oauth4webapi';
import { describe, expect, it } from 'vitest';
import { generateSigningJwk } from '../keys/generate-signing-jwk.js';
import { jwksResponse } from '../keys/jwks-response.js';
import { SIGNING_ALGORITHMS, type SigningAlgorithm } from '../keys/signing-algorithm.js';
import { createSigningKeySet, type SigningKeySet } from '../keys/signing-key-set.js';
import { signIdToken } from './sign-id-token.js';

const issuer = 'https://as.example';
// oauth4webapi caches a JWKS per metadata object: one object per key set.
const metadata = (): oauth.AuthorizationServer => ({ issuer, jwks_uri: `${issuer}/jwks` });
let as = metadata();
const now = () => Math.floor(Date.now() / 1000);

// oauth4webapi fetches the JWKS the server would publish, through the response it would serve.
function serveJwks(keys: SigningKeySet) {
  return {
    [oauth.customFetch]: async (url: string) => {
      expect(url).toBe(`${issuer}/jwks`);
      const { status, headers, body } = jwksResponse(keys);
      return new Response(body, { status, headers });
    },
  };
}

function tokenResponse(body: Record<string, unknown>): Response {
  return new Response(JSON.stringify(body), {
    status: 200,
    headers: { 'Content-Type': 'application/json' },
  });
}

describe('signIdToken, validated by oauth4webapi', async () => {
  const keySets = new Map<SigningAlgorithm, SigningKeySet>();
  for (const alg of SIGNING_ALGORITHMS)
    keySets.set(alg, await createSigningKeySet([await generateSigningJwk(alg)]));

  it.each(SIGNING_ALGORITHMS)(
    '%s: code flow ID token (nonce, auth_time with max_age, signature from the JWKS)',
    async (alg) => {
      const keys = keySets.get(alg)!;
      as = metadata();
      const client: oauth.Client = { client_id: 'client-1', id_token_signed_response_alg: alg };
      const idToken = await signIdToken(keys, {
        issuer,
        subject: 'user-1',
        clientId: 'client-1',
        issuedAt: now(),
        expiresIn: 600,
        authTime: now() - 30,
        nonce: 'n-0S6_WzA2Mj',
        accessToken: 'at-1',
      });
      const response = tokenResponse({
        access_token: 'at-1',
        token_type: 'Bearer',
        expires_in: 600,
        id_token: idToken,
      });
      const result = await oauth.processAuthorizationCodeResponse(as, client, response, {
        expectedNonce: 'n-0S6_WzA2Mj',
        maxAge: 60,
      });
      await oauth.validateApplicationLevelSignature(as, response, serveJwks(keys));
      const claims = oauth.getValidatedIdTokenClaims(result)!;
      expect(claims).toMatchObject({
        iss: issuer,
        sub: 'user-1',
        aud: 'client-1',
        nonce: 'n-0S6_WzA2Mj',
      });
    },
  );

  it.each(SIGNING_ALGORITHMS)('%s: hybrid ID token, c_hash checked by the client', async (alg) => {
    const keys = keySets.get(alg)!;
    as = metadata();
    const client: oauth.Client = { client_id: 'client-1', id_token_signed_response_alg: alg };
    const code = 'SplxlOBeZQQYbYS6WxSbIA';
    const idToken = await signIdToken(keys, {
      issuer,
      subject: 'user-1',
      clientId: 'client-1',
      issuedAt: now(),
      expiresIn: 600,
      nonce: 'n1',
      code,
    });
    const params = new URLSearchParams({ code, id_token: idToken, state: 's1' });
    await oauth.validateCodeIdTokenResponse(
      as,
      client,
      params,
      'n1',
      's1',
      oauth.skipAuthTimeCheck,
      serveJwks(keys),
    );

    const swapped = new URLSearchParams({ code: 'another-code', id_token: idToken, state: 's1' });
    await expect(
      oauth.validateCodeIdTokenResponse(
        as,
        client,
        swapped,
        'n1',
        's1',
        oauth.skipAuthTimeCheck,
        serveJwks(keys),
      ),
    ).rejects.toThrow(/c_hash/);
  });

  it('a wrong nonce is caught by the client', async () => {
    const keys = keySets.get('ES256')!;
    const idToken = await signIdToken(keys, {
      issuer,
      subject: 'u',
      clientId: 'client-1',
      issuedAt: now(),
      expiresIn: 600,
      nonce: 'n1',
    });
    await expect(
      oauth.processAuthorizationCodeResponse(
        as,
        { client_id: 'client-1', id_token_signed_response_alg: 'ES256' },
        tokenResponse({ access_token: 'at', token_type: 'Bearer', id_token: idToken }),
        { expectedNonce: 'n2' },
      ),
    ).rejects.toThrow(/nonce/);
  });

  it('an ID token for another client is caught by the client', async () => {
    const keys = keySets.get('ES256')!;
    const idToken = await signIdToken(keys, {
      issuer,
      subject: 'u',
      clientId: 'client-2',
      issuedAt: now(),
      expiresIn: 600,
    });
    await expect(
      oauth.processAuthorizationCodeResponse(
        as,
        { client_id: 'client-1', id_token_signed_response_alg: 'ES256' },
        tokenResponse({ access_token: 'at', token_type: 'Bearer', id_token: idToken }),
      ),
    ).rejects.toThrow(/aud/);
  });

  it('signs with typ JWT and the kid of the signing key, and the alg asked for', async () => {
    const keys = await createSigningKeySet([
      await generateSigningJwk('ES256', { kid: 'e' }),
      await generateSigningJwk('RS256', { kid: 'r' }),
    ]);
    const input = {
      issuer,
      subject: 'u',
      clientId: 'c',
      issuedAt: now(),
      expiresIn: 60,
      accessToken: 'at',
    };
    const es = await keys.verify(await signIdToken(keys, input), { typ: 'JWT' });
    expect(es.header).toEqual({ alg: 'ES256', kid: 'e', typ: 'JWT' });
    const rs = await keys.verify(await signIdToken(keys, input, 'RS256'), { typ: 'JWT' });
    expect(rs.header).toEqual({ alg: 'RS256', kid: 'r', typ: 'JWT' });
  });
});
