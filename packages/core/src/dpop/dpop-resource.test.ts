import { describe, expect, it } from 'vitest';
import {
  authorizeRequest,
  createTestServer,
  expectToken,
  ISSUER,
  REDIRECT_URI,
  registerAuthzClient,
  registerClient,
  TOKEN_URL,
  tokenRequest,
} from '../../test/helpers.js';
import { generateSigningJwk } from '../keys/generate-signing-jwk.js';
import { createSigningKeySet } from '../keys/signing-key-set.js';
import { createToken } from '../models/token.js';
import { createOAuth2Request } from '../request/create-oauth2-request.js';
import type { OAuth2Request } from '../request/oauth2-request.js';
import { markDpopPresented } from '../resource/dpop-presented.js';
import { createJwtBearerValidator } from '../resource/jwt-bearer-validator.js';
import { ResourceProtector } from '../resource/resource-protector.js';
import { createMemoryReplayStore } from '../stores/memory-replay-store.js';
import type { DpopOptions } from './create-dpop.js';
import { createDpopProofSigner, type DpopProofSigner } from './create-dpop-proof-signer.js';
import { createDpopProofChecker } from './dpop-proof-checker.js';

// RFC 9449 7 at the resource: Authorization: DPoP with a proof (ath checked), DPoP-bound
// tokens refused as Bearer, WWW-Authenticate: DPoP errors (rule 37).

const RESOURCE = `${ISSUER}/api/photos`;
const ALGS = 'algs="ES256 PS256 RS256 EdDSA Ed25519"';

async function setup(dpop: DpopOptions = {}) {
  const signingKeys = await createSigningKeySet([await generateSigningJwk('ES256', { kid: 'k' })]);
  const { server, stores } = createTestServer({ dpop, signingKeys });
  const client = await registerClient(stores, { grantTypes: ['client_credentials'] });
  const signer = await createDpopProofSigner();
  /** A DPoP-bound token (a bearer one with `bound: false`), through the token endpoint. */
  const issue = async (bound = true, { nonce = false } = {}) => {
    const request = async (given?: string) =>
      server.createTokenResponse(
        tokenRequest(
          { grant_type: 'client_credentials', scope: 'read' },
          {
            basic: client,
            headers: bound
              ? { dpop: await signer.proof('POST', TOKEN_URL, given ? { nonce: given } : {}) }
              : {},
          },
        ),
      );
    let response = await request();
    // With server nonces, the first proof is answered with the nonce to use.
    if (nonce) response = await request(response.headers.get('dpop-nonce')!);
    return (await expectToken(response, bound ? 'DPoP' : 'Bearer')).access_token;
  };
  const protector = server.createResourceProtector();
  /** The outcome of a GET to RESOURCE with these headers. */
  const call = async (headers: Record<string, string>, method = 'GET') => {
    const result = await protector.protectWebRequest(new Request(RESOURCE, { method, headers }), [
      'read',
    ]);
    if (result.ok) return { status: 200 };
    return {
      status: result.response.status,
      challenge: result.response.headers.get('www-authenticate'),
      nonce: result.response.headers.get('dpop-nonce'),
      error: await result.response.text().then((t) => (t ? JSON.parse(t).error : undefined)),
    };
  };
  const dpopCall = async (token: string, s: DpopProofSigner = signer, options = {}) =>
    call({
      authorization: `DPoP ${token}`,
      dpop: await s.proof('GET', RESOURCE, { accessToken: token, ...options }),
    });
  return { server, signer, issue, call, dpopCall };
}

/** `request` as the protector hands a DPoP request to its validator: a validator that lets bound tokens through. */
function markedDpop(request: Pick<OAuth2Request, 'headers'>): Pick<OAuth2Request, 'headers'> {
  const view = { headers: request.headers };
  markDpopPresented(view);
  return view;
}

const challenge = (error: string) => `DPoP realm="oauthkit", error="${error}", ${ALGS}`;

describe('protect with DPoP (RFC 9449 7)', () => {
  it('a bound token with a proof of its key (ath matching): accepted', async () => {
    const { issue, dpopCall } = await setup();
    expect(await dpopCall(await issue())).toEqual({ status: 200 });
  });

  it('a DPoP-bound token sent as Bearer: 401 invalid_token (rule 37)', async () => {
    const { issue, call, server } = await setup();
    const token = await issue();
    expect(await call({ authorization: `Bearer ${token}` })).toMatchObject({
      status: 401,
      challenge: 'Bearer realm="oauthkit", error="invalid_token"',
      error: 'invalid_token',
    });
    // The store's validator used on its own refuses it too.
    const validate = server.createBearerTokenValidator();
    const alone = await validate(
      createOAuth2Request({
        method: 'GET',
        url: RESOURCE,
        headers: { authorization: `Bearer ${token}` },
      }),
    ).catch((e: { error?: string }) => e.error);
    expect(alone).toBe('invalid_token');
    // And a protector over a validator that knows nothing of DPoP still refuses it.
    const naive = new ResourceProtector(
      async (request) => {
        const record = (await server.createBearerTokenValidator()(markedDpop(request))).record;
        return { ...createToken(record), record };
      },
      {},
      { realm: 'oauthkit' },
    );
    const result = await naive.protectWebRequest(
      new Request(RESOURCE, { headers: { authorization: `Bearer ${token}` } }),
    );
    expect(!result.ok && result.response.status).toBe(401);
    expect(!result.ok && result.response.headers.get('www-authenticate')).toBe(
      'Bearer realm="oauthkit", error="invalid_token"',
    );
  });

  it('a proof made with another key: 401 invalid_token (rule 37)', async () => {
    const { issue, dpopCall } = await setup();
    const other = await createDpopProofSigner();
    expect(await dpopCall(await issue(), other)).toMatchObject({
      status: 401,
      challenge: challenge('invalid_token'),
    });
  });

  it('ath of another token: 401 invalid_dpop_proof', async () => {
    const { issue, call, signer } = await setup();
    const token = await issue();
    const proof = await signer.proof('GET', RESOURCE, { accessToken: `${token}x` });
    expect(await call({ authorization: `DPoP ${token}`, dpop: proof })).toMatchObject({
      status: 401,
      challenge: challenge('invalid_dpop_proof'),
      error: 'invalid_dpop_proof',
    });
    const noAth = await signer.proof('GET', RESOURCE);
    expect((await call({ authorization: `DPoP ${token}`, dpop: noAth })).error).toBe(
      'invalid_dpop_proof',
    );
  });

  it('a replayed proof, wrong htm or htu, no proof: 401 invalid_dpop_proof', async () => {
    const { issue, call, signer } = await setup();
    const token = await issue();
    const proof = await signer.proof('GET', RESOURCE, { accessToken: token });
    expect(await call({ authorization: `DPoP ${token}`, dpop: proof })).toEqual({ status: 200 });
    expect((await call({ authorization: `DPoP ${token}`, dpop: proof })).error).toBe(
      'invalid_dpop_proof',
    );
    const post = await signer.proof('POST', RESOURCE, { accessToken: token });
    expect((await call({ authorization: `DPoP ${token}`, dpop: post })).error).toBe(
      'invalid_dpop_proof',
    );
    const elsewhere = await signer.proof('GET', `${ISSUER}/api/other`, { accessToken: token });
    expect((await call({ authorization: `DPoP ${token}`, dpop: elsewhere })).error).toBe(
      'invalid_dpop_proof',
    );
    expect(await call({ authorization: `DPoP ${token}` })).toMatchObject({
      status: 401,
      challenge: challenge('invalid_dpop_proof'),
    });
  });

  it('a bearer token sent with the DPoP scheme: invalid_token; as Bearer: accepted', async () => {
    const { issue, dpopCall, call } = await setup();
    const bearer = await issue(false);
    expect(await dpopCall(bearer)).toMatchObject({ status: 401, error: 'invalid_token' });
    expect(await call({ authorization: `Bearer ${bearer}` })).toEqual({ status: 200 });
  });

  it('no token: the challenge names both schemes, with no error', async () => {
    const { call } = await setup();
    expect(await call({})).toEqual({
      status: 401,
      challenge: `Bearer realm="oauthkit", DPoP realm="oauthkit", ${ALGS}`,
      nonce: null,
      error: undefined,
    });
  });

  it('an unknown token with a valid proof: invalid_token in a DPoP challenge', async () => {
    const { dpopCall } = await setup();
    expect(await dpopCall('U'.repeat(43))).toMatchObject({
      status: 401,
      challenge: 'DPoP realm="oauthkit", error="invalid_token"',
    });
  });

  it('server nonces: 401 use_dpop_nonce with DPoP-Nonce, then accepted with it', async () => {
    const { issue, dpopCall, server } = await setup({ nonce: true });
    const first = await server.createTokenResponse(
      tokenRequest({ grant_type: 'client_credentials' }),
    );
    const nonce = first.headers.get('dpop-nonce');
    expect(nonce).toBeNull(); // no proof, no nonce needed: a bearer request
    const token = await issue(true, { nonce: true });
    expect(await dpopCall(token)).toMatchObject({
      status: 401,
      challenge: challenge('use_dpop_nonce'),
      error: 'use_dpop_nonce',
      nonce: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
    });
    const given = (await dpopCall(token)).nonce!;
    expect(await dpopCall(token, undefined, { nonce: given })).toEqual({ status: 200 });
  });
});

describe('DPoP at a resource server apart from the authorization server', () => {
  it('a JWT access token with cnf.jkt: needs a proof of its key; never as Bearer', async () => {
    const keys = await createSigningKeySet([await generateSigningJwk('ES256', { kid: 'k' })]);
    const { server, stores } = createTestServer({
      dpop: {},
      signingKeys: keys,
      config: { accessTokenFormat: 'jwt' },
    });
    const client = await registerClient(stores, { grantTypes: ['client_credentials'] });
    const signer = await createDpopProofSigner();
    const token = (
      await expectToken(
        await server.createTokenResponse(
          tokenRequest(
            { grant_type: 'client_credentials' },
            { basic: client, headers: { dpop: await signer.proof('POST', TOKEN_URL) } },
          ),
        ),
        'DPoP',
      )
    ).access_token;
    const validator = createJwtBearerValidator({
      issuer: ISSUER,
      audience: ISSUER,
      jwks: keys.jwks(),
    });
    const api = 'https://api.example/data';
    const withDpop = new ResourceProtector(
      validator,
      {},
      {
        dpop: createDpopProofChecker({
          algorithms: ['ES256'],
          proofMaxAgeSeconds: 60,
          clockSkewSeconds: 5,
          replayStore: createMemoryReplayStore(),
          nonces: null,
        }),
      },
    );
    const dpopRequest = async (s: DpopProofSigner) =>
      new Request(api, {
        headers: {
          authorization: `DPoP ${token}`,
          dpop: await s.proof('GET', api, { accessToken: token }),
        },
      });
    expect((await withDpop.protectWebRequest(await dpopRequest(signer))).ok).toBe(true);
    const other = await withDpop.protectWebRequest(
      await dpopRequest(await createDpopProofSigner()),
    );
    expect(other.ok).toBe(false);
    // Without DPoP support, a bound token is still never accepted as a bearer token.
    const plain = new ResourceProtector(validator);
    const asBearer = await plain.protectWebRequest(
      new Request(api, { headers: { authorization: `Bearer ${token}` } }),
    );
    expect(asBearer.ok).toBe(false);
    expect(!asBearer.ok && asBearer.response.headers.get('www-authenticate')).toBe(
      'Bearer realm="oauthkit", error="invalid_token", error_description="The access token is bound to a DPoP key"',
    );
  });
});

describe('the UserInfo endpoint with DPoP (RFC 9449 7, OpenID Connect Core 5.3)', () => {
  it('a bound token needs the DPoP scheme and a proof of its key; as Bearer: invalid_token', async () => {
    const signingKeys = await createSigningKeySet([await generateSigningJwk('ES256')]);
    const { server, stores } = createTestServer({
      dpop: {},
      signingKeys,
      openid: { findClaims: () => ({ name: 'Una' }) },
      config: { scopesSupported: ['openid', 'profile'] },
    });
    const client = await registerAuthzClient(stores, {
      redirectUris: [REDIRECT_URI],
      scope: 'openid profile',
    });
    const signer = await createDpopProofSigner();
    const authorization = await server.createAuthorizationResponse(
      authorizeRequest({
        client_id: client.clientId,
        redirect_uri: REDIRECT_URI,
        response_type: 'code',
        scope: 'openid profile',
      }),
      { getUserId: () => 'una' },
    );
    const code = new URL(authorization.headers.get('location')!).searchParams.get('code')!;
    const { access_token: token } = await expectToken(
      await server.createTokenResponse(
        tokenRequest(
          { grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI },
          { basic: client, headers: { dpop: await signer.proof('POST', TOKEN_URL) } },
        ),
      ),
      'DPoP',
    );
    const USERINFO = `${ISSUER}/userinfo`;
    const userinfo = (headers: Record<string, string>) =>
      server.createEndpointResponse('userinfo', new Request(USERINFO, { headers }));
    const ok = await userinfo({
      authorization: `DPoP ${token}`,
      dpop: await signer.proof('GET', USERINFO, { accessToken: token }),
    });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ sub: 'una', name: 'Una' });
    const bearer = await userinfo({ authorization: `Bearer ${token}` });
    expect(bearer.status).toBe(401);
    expect(bearer.headers.get('www-authenticate')).toBe(
      'Bearer realm="oauthkit", error="invalid_token"',
    );
    const other = await createDpopProofSigner();
    const wrongKey = await userinfo({
      authorization: `DPoP ${token}`,
      dpop: await other.proof('GET', USERINFO, { accessToken: token }),
    });
    expect(wrongKey.status).toBe(401);
    expect(wrongKey.headers.get('www-authenticate')).toBe(challenge('invalid_token'));
    const noProof = await userinfo({ authorization: `DPoP ${token}` });
    expect(noProof.status).toBe(401);
    expect(noProof.headers.get('www-authenticate')).toBe(challenge('invalid_dpop_proof'));
    const proof = await signer.proof('GET', USERINFO, { accessToken: token });
    expect((await userinfo({ authorization: `DPoP ${token}`, dpop: proof })).status).toBe(200);
    const replay = await userinfo({ authorization: `DPoP ${token}`, dpop: proof });
    expect(replay.status).toBe(401);
    expect(replay.headers.get('www-authenticate')).toBe(challenge('invalid_dpop_proof'));
  });
});
