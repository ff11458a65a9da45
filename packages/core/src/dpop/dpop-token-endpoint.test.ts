import { SignJWT, UnsecuredJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { withApiKeyGrant } from '../../test/examples/custom-grant.js';
import {
  AUTHORIZE_URL,
  authorizeRequest,
  createTestServer,
  expectError,
  expectToken,
  REDIRECT_URI,
  registerAuthzClient,
  registerClient,
  TOKEN_URL,
  tokenRequest,
} from '../../test/helpers.js';
import { generateSigningJwk } from '../keys/generate-signing-jwk.js';
import { createSigningKeySet } from '../keys/signing-key-set.js';
import type { DpopOptions } from './create-dpop.js';
import { createDpopProofSigner, type DpopProofSigner } from './create-dpop-proof-signer.js';

// RFC 9449 at the token endpoint through Web Requests: each check of section 4.3, the token
// binding, dpop_bound_access_tokens, server nonces, and single use of jti (rules 34-36).

const now = () => Math.floor(Date.now() / 1000);

async function setup(dpop: DpopOptions = {}, metadata: Parameters<typeof registerClient>[1] = {}) {
  const { server, stores } = createTestServer({ dpop });
  const client = await registerClient(stores, { grantTypes: ['client_credentials'], ...metadata });
  const signer = await createDpopProofSigner();
  /** A client_credentials request with `proof` in the DPoP header (none when `null`). */
  const token = (proof: string | null, headers: Record<string, string> = {}) =>
    server.createTokenResponse(
      tokenRequest(
        { grant_type: 'client_credentials' },
        { basic: client, headers: proof === null ? headers : { dpop: proof, ...headers } },
      ),
    );
  return { server, stores, client, signer, token };
}

const refused = (response: Response) => expectError(response, 400, 'invalid_dpop_proof');

describe('DPoP proofs at the token endpoint (RFC 9449 4.3, 5)', () => {
  it('a valid proof: token_type DPoP, the key thumbprint kept with the token', async () => {
    const { stores, signer, token } = await setup();
    const body = await expectToken(await token(await signer.proof('POST', TOKEN_URL)), 'DPoP');
    expect(body.token_type).toBe('DPoP');
    const [record] = stores.dump().tokens;
    expect(record!.tokenType).toBe('DPoP');
    expect(record!.extensions).toEqual({ dpopJkt: signer.jkt });
  });

  it('no proof: a bearer token, as before', async () => {
    const { stores, token } = await setup();
    expect((await expectToken(await token(null))).token_type).toBe('Bearer');
    expect(stores.dump().tokens[0]!.extensions).toEqual({});
  });

  it('htu is compared without query and fragment', async () => {
    const { signer, token } = await setup();
    await expectToken(await token(await signer.proof('POST', `${TOKEN_URL}?x=1#f`)), 'DPoP');
  });

  it('a replayed proof is invalid_dpop_proof (rule 36)', async () => {
    const { signer, token } = await setup();
    const proof = await signer.proof('POST', TOKEN_URL);
    await expectToken(await token(proof), 'DPoP');
    await refused(await token(proof));
  });

  it('50 concurrent token requests with one proof: exactly one accepted (rule 36)', async () => {
    const { signer, token } = await setup();
    const proof = await signer.proof('POST', TOKEN_URL);
    const responses = await Promise.all(Array.from({ length: 50 }, () => token(proof)));
    expect(responses.filter((r) => r.status === 200)).toHaveLength(1);
    expect(responses.filter((r) => r.status === 400)).toHaveLength(49);
  });

  it('wrong htm or htu: invalid_dpop_proof', async () => {
    const { signer, token } = await setup();
    await refused(await token(await signer.proof('GET', TOKEN_URL)));
    await refused(await token(await signer.proof('post', TOKEN_URL)));
    await refused(await token(await signer.proof('POST', 'https://as.example/other')));
    await refused(await token(await signer.proof('POST', 'https://evil.example/token')));
    await refused(await token(await signer.proof('POST', 'not a url')));
  });

  it('iat too old or in the future: invalid_dpop_proof; within the window: accepted', async () => {
    const { signer, token } = await setup({ proofMaxAgeSeconds: 60, clockSkewSeconds: 5 });
    await refused(await token(await signer.proof('POST', TOKEN_URL, { iat: now() - 120 })));
    await refused(await token(await signer.proof('POST', TOKEN_URL, { iat: now() + 60 })));
    await expectToken(
      await token(await signer.proof('POST', TOKEN_URL, { iat: now() - 50 })),
      'DPoP',
    );
  });

  it('a private key in jwk: invalid_dpop_proof, nothing of it echoed (rules 35, 36)', async () => {
    const { signer, token } = await setup();
    const proof = await signer.proof('POST', TOKEN_URL, { header: { jwk: signer.privateJwk } });
    const body = await refused(await token(proof));
    expect(JSON.stringify(body)).not.toContain(signer.privateJwk.d!);
  });

  it('typ other than dpop+jwt, alg none, HS256, an algorithm not allowed: refused (rule 34)', async () => {
    const { signer, token } = await setup({ algorithms: ['ES256'] });
    await refused(await token(await signer.proof('POST', TOKEN_URL, { header: { typ: 'JWT' } })));
    const claims = { jti: 'j1', htm: 'POST', htu: TOKEN_URL, iat: now() };
    const none = new UnsecuredJWT(claims).setIssuedAt().encode();
    await refused(await token(none));
    const hs = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256', typ: 'dpop+jwt', jwk: signer.publicJwk })
      .sign(new TextEncoder().encode('x'.repeat(32)));
    await refused(await token(hs));
    const ps = await createDpopProofSigner('PS256');
    await refused(await token(await ps.proof('POST', TOKEN_URL)));
  });

  it('a proof signed by another key than its jwk, or without jti: refused', async () => {
    const { signer, token } = await setup();
    const other = await createDpopProofSigner();
    const forged = await other.proof('POST', TOKEN_URL, { header: { jwk: signer.publicJwk } });
    await refused(await token(forged));
    await refused(await token(await signer.proof('POST', TOKEN_URL, { claims: { jti: '' } })));
  });

  it('two DPoP headers, or a malformed one: invalid_dpop_proof', async () => {
    const { signer, token } = await setup();
    const a = await signer.proof('POST', TOKEN_URL);
    const b = await signer.proof('POST', TOKEN_URL);
    await refused(await token(`${a}, ${b}`));
    await refused(await token('not-a-jwt'));
  });

  it('dpop_bound_access_tokens: the client must send a proof; required: every client', async () => {
    const bound = await setup({}, { dpopBoundAccessTokens: true });
    const body = await refused(await bound.token(null));
    expect(body.error_description).toBe('This request must carry a DPoP proof.');
    await expectToken(await bound.token(await bound.signer.proof('POST', TOKEN_URL)), 'DPoP');
    const all = await setup({ required: true });
    await refused(await all.token(null));
    await expectToken(await all.token(await all.signer.proof('POST', TOKEN_URL)), 'DPoP');
  });

  it('a store failure while spending the jti is a 503, no token issued (rule 27)', async () => {
    const failing = {
      useOnce: async () => {
        throw new Error('down');
      },
    };
    const { stores, signer, token } = await setup({ replayStore: failing });
    const response = await token(await signer.proof('POST', TOKEN_URL));
    expect(response.status).toBe(503);
    expect(stores.dump().tokens).toHaveLength(0);
  });
});

describe('custom grants', () => {
  it('a grant that passes no extensions gets its token bound all the same', async () => {
    const { server, stores } = createTestServer({ dpop: {} });
    withApiKeyGrant(server, async (key) => (key === 'k1' ? 'owner' : null));
    const client = await registerClient(stores, { grantTypes: ['urn:example:api-key'] });
    const signer = await createDpopProofSigner();
    const body = await expectToken(
      await server.createTokenResponse(
        tokenRequest(
          { grant_type: 'urn:example:api-key', api_key: 'k1' },
          { basic: client, headers: { dpop: await signer.proof('POST', TOKEN_URL) } },
        ),
      ),
      'DPoP',
    );
    expect(body.access_token).toBeTruthy();
    expect(stores.dump().tokens[0]!.extensions).toEqual({ dpopJkt: signer.jkt });
  });
});

describe('server-provided nonces (RFC 9449 8)', () => {
  it('no nonce: 400 use_dpop_nonce with DPoP-Nonce; with it: a token and the nonce again', async () => {
    const { signer, token } = await setup({ nonce: true });
    const first = await token(await signer.proof('POST', TOKEN_URL));
    const nonce = first.headers.get('dpop-nonce');
    expect(nonce).toMatch(/^[A-Za-z0-9_-]{43}$/);
    await expectError(first, 400, 'use_dpop_nonce');
    const second = await token(await signer.proof('POST', TOKEN_URL, { nonce: nonce! }));
    expect(second.headers.get('dpop-nonce')).toBe(nonce);
    expect((await expectToken(second, 'DPoP')).token_type).toBe('DPoP');
    const wrong = await token(await signer.proof('POST', TOKEN_URL, { nonce: 'made-up' }));
    await expectError(wrong, 400, 'use_dpop_nonce');
  });

  it('nonces rotate: the previous one stays valid, older ones do not', async () => {
    const { createDpopNonces } = await import('./dpop-nonces.js');
    let clock = 0;
    const nonces = createDpopNonces('s'.repeat(32), 60, () => clock);
    const first = nonces.current();
    clock = 60_000;
    expect(nonces.current()).not.toBe(first);
    expect(nonces.isValid(first)).toBe(true);
    clock = 120_000;
    expect(nonces.isValid(first)).toBe(false);
    // Processes sharing the secret share the nonces; another secret does not.
    expect(createDpopNonces('s'.repeat(32), 60, () => clock).current()).toBe(nonces.current());
    expect(createDpopNonces('t'.repeat(32), 60, () => clock).isValid(nonces.current())).toBe(false);
  });
});

describe('dpop_jkt and the authorization code (RFC 9449 10)', () => {
  async function codeFor(dpopJkt?: string) {
    const { server, stores } = createTestServer({ dpop: {} });
    const client = await registerAuthzClient(stores, { redirectUris: [REDIRECT_URI] });
    const params: Record<string, string> = {
      client_id: client.clientId,
      redirect_uri: REDIRECT_URI,
      response_type: 'code',
      scope: 'read',
    };
    if (dpopJkt !== undefined) params.dpop_jkt = dpopJkt;
    const response = await server.createAuthorizationResponse(authorizeRequest(params), {
      getUserId: () => 'u1',
    });
    const location = new URL(response.headers.get('location')!);
    const redeem = (dpop?: string) =>
      server.createTokenResponse(
        tokenRequest(
          {
            grant_type: 'authorization_code',
            code: location.searchParams.get('code') ?? '',
            redirect_uri: REDIRECT_URI,
          },
          { basic: client, headers: dpop ? { dpop } : {} },
        ),
      );
    return { location, redeem, stores };
  }

  it('the code keeps dpop_jkt; only a proof with that key redeems it', async () => {
    const signer = await createDpopProofSigner();
    const { stores, redeem } = await codeFor(signer.jkt);
    expect(stores.dump().codes[0]!.extensions).toEqual({ dpopJkt: signer.jkt });
    const thief: DpopProofSigner = await createDpopProofSigner();
    await expectError(await redeem(await thief.proof('POST', TOKEN_URL)), 400, 'invalid_grant');
    const again = await codeFor(signer.jkt);
    await expectError(await again.redeem(), 400, 'invalid_grant');
    const right = await codeFor(signer.jkt);
    const body = await expectToken(
      await right.redeem(await signer.proof('POST', TOKEN_URL)),
      'DPoP',
    );
    expect(body.token_type).toBe('DPoP');
  });

  it('a malformed dpop_jkt is invalid_request, sent back to the client', async () => {
    const { location } = await codeFor('not a thumbprint');
    expect(location.searchParams.get('error')).toBe('invalid_request');
    expect(`${location.origin}${location.pathname}`).toBe(REDIRECT_URI);
    expect(AUTHORIZE_URL).toContain('/authorize');
  });
});

describe('DPoP in the metadata and JWT access tokens', () => {
  it('dpop_signing_alg_values_supported is published only with the dpop option', async () => {
    expect(
      await createTestServer({ dpop: { algorithms: ['ES256', 'EdDSA'] } }).server.metadata(),
    ).toMatchObject({ dpop_signing_alg_values_supported: ['ES256', 'EdDSA'] });
    expect(await createTestServer().server.metadata()).not.toHaveProperty(
      'dpop_signing_alg_values_supported',
    );
  });

  it('a JWT access token carries cnf.jkt; introspection returns cnf', async () => {
    const { server, stores } = createTestServer({
      dpop: {},
      config: { accessTokenFormat: 'jwt' },
      signingKeys: await createSigningKeySet([await generateSigningJwk('ES256')]),
    });
    const client = await registerClient(stores, { grantTypes: ['client_credentials'] });
    const signer = await createDpopProofSigner();
    const body = await expectToken(
      await server.createTokenResponse(
        tokenRequest(
          { grant_type: 'client_credentials' },
          { basic: client, headers: { dpop: await signer.proof('POST', TOKEN_URL) } },
        ),
      ),
      'DPoP',
    );
    const claims = JSON.parse(
      Buffer.from(body.access_token.split('.')[1]!, 'base64url').toString(),
    );
    expect(claims.cnf).toEqual({ jkt: signer.jkt });
    const introspection = await server.createEndpointResponse(
      'introspection',
      tokenRequest({ token: body.access_token }, { basic: client }),
    );
    expect(await introspection.json()).toMatchObject({
      active: true,
      token_type: 'DPoP',
      cnf: { jkt: signer.jkt },
    });
  });

  it('option mistakes throw TypeError at start-up', () => {
    const make = (dpop: unknown) => () => createTestServer({ dpop: dpop as DpopOptions });
    expect(make({ algorithms: ['HS256'] })).toThrow(/never none or HMAC/);
    expect(make({ algorithms: [] })).toThrow(TypeError);
    expect(make({ proofMaxAgeSeconds: 0 })).toThrow(TypeError);
    expect(make({ nonce: { secret: 'short' } })).toThrow(/32 characters/);
    expect(make({ requried: true })).toThrow(/did you mean required/);
    expect(make({ replayStore: {} })).toThrow(TypeError);
    expect(make(null)).toThrow(TypeError);
  });
});
