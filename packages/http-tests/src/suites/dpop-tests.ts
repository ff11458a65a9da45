import { createDpopProofSigner, type DpopProofSigner } from '@oauthkit/core/testing';
import { expect, it } from 'vitest';
import { basic, postForm, type SuiteContext, send, urlOf } from '../http-client.js';
import { ISSUER, JWT_PROTECTED_PATH, JWT_RESOURCE, PROTECTED_PATH } from '../http-fixture.js';

/**
 * DPoP (RFC 9449) through the binding: the `DPoP` request header reaches the core, and the
 * `DPoP-Nonce` and `WWW-Authenticate: DPoP` response headers come back, at the token endpoint
 * and at routes guarded by `protect` (store-backed and JWT validators alike).
 */
export function dpopTests(ctx: () => SuiteContext): void {
  // The token endpoint's proofs name its public URL, the issuer's; a resource's, the URL the
  // client called.
  const TOKEN_HTU = `${ISSUER}/token`;

  /** A token request with a proof; the first answer gives the nonce, the second the token. */
  const dpopToken = async (signer: DpopProofSigner, form: Record<string, string> = {}) => {
    const { clientId, secret } = ctx().fixture.confidential;
    const request = async (nonce?: string) =>
      postForm(
        urlOf(ctx(), 'token'),
        { grant_type: 'client_credentials', scope: 'profile', ...form },
        {
          Authorization: basic(clientId, secret),
          DPoP: await signer.proof('POST', TOKEN_HTU, nonce ? { nonce } : {}),
        },
      );
    const first = await request();
    expect(first.status).toBe(400);
    expect(await first.json()).toMatchObject({ error: 'use_dpop_nonce' });
    const nonce = first.headers.get('dpop-nonce');
    expect(nonce).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const second = await request(nonce!);
    expect(second.status).toBe(200);
    expect(second.headers.get('dpop-nonce')).toBe(nonce);
    const body = (await second.json()) as { access_token: string; token_type: string };
    expect(body.token_type).toBe('DPoP');
    return { token: body.access_token, nonce: nonce! };
  };

  /** GET `path` with `Authorization: DPoP` and a proof for it. */
  const dpopGet = async (
    path: string,
    token: string,
    signer: DpopProofSigner,
    options: { nonce?: string; accessToken?: string } = {},
  ) => {
    const url = urlOf(ctx(), path as `/${string}`);
    return send(url, {
      headers: {
        Authorization: `DPoP ${token}`,
        DPoP: await signer.proof('GET', url, { accessToken: token, ...options }),
      },
    });
  };

  it('the metadata names the proof algorithms', async () => {
    const response = await send(`${ctx().baseUrl}/.well-known/oauth-authorization-server/oauth`);
    expect(response.status).toBe(200);
    expect(
      ((await response.json()) as Record<string, unknown>).dpop_signing_alg_values_supported,
    ).toEqual(['ES256', 'PS256', 'RS256', 'EdDSA', 'Ed25519']);
  });

  it('token endpoint: use_dpop_nonce with DPoP-Nonce, then a DPoP token', async () => {
    await dpopToken(await createDpopProofSigner());
  });

  it('a replayed proof at the token endpoint: invalid_dpop_proof', async () => {
    const signer = await createDpopProofSigner();
    const { nonce } = await dpopToken(signer);
    const { clientId, secret } = ctx().fixture.confidential;
    const proof = await signer.proof('POST', TOKEN_HTU, { nonce });
    const send2 = () =>
      postForm(
        urlOf(ctx(), 'token'),
        { grant_type: 'client_credentials' },
        { Authorization: basic(clientId, secret), DPoP: proof },
      );
    expect((await send2()).status).toBe(200);
    const replay = await send2();
    expect(replay.status).toBe(400);
    expect(await replay.json()).toMatchObject({ error: 'invalid_dpop_proof' });
  });

  it('protect: a DPoP-bound token with a proof of its key, after a nonce round', async () => {
    const signer = await createDpopProofSigner();
    const { token } = await dpopToken(signer);
    const first = await dpopGet(PROTECTED_PATH, token, signer);
    expect(first.status).toBe(401);
    expect(first.headers.get('www-authenticate')).toMatch(
      /^DPoP realm="[^"]+", error="use_dpop_nonce"/,
    );
    const nonce = first.headers.get('dpop-nonce');
    expect(nonce).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const second = await dpopGet(PROTECTED_PATH, token, signer, { nonce: nonce! });
    expect(second.status).toBe(200);
    expect(await second.json()).toMatchObject({ client_id: ctx().fixture.confidential.clientId });
  });

  it('protect: a DPoP-bound token sent as Bearer is refused (rule 37)', async () => {
    const { token } = await dpopToken(await createDpopProofSigner());
    const response = await send(urlOf(ctx(), PROTECTED_PATH), {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toContain('error="invalid_token"');
  });

  it('protect: ath of another token is invalid_dpop_proof; another key, invalid_token', async () => {
    const signer = await createDpopProofSigner();
    const { token, nonce } = await dpopToken(signer);
    const ath = await dpopGet(PROTECTED_PATH, token, signer, { nonce, accessToken: 'other' });
    expect(ath.status).toBe(401);
    expect(ath.headers.get('www-authenticate')).toContain('error="invalid_dpop_proof"');
    expect(await ath.json()).toMatchObject({ error: 'invalid_dpop_proof' });
    const thief = await dpopGet(PROTECTED_PATH, token, await createDpopProofSigner(), { nonce });
    expect(thief.status).toBe(401);
    expect(thief.headers.get('www-authenticate')).toContain('error="invalid_token"');
  });

  it('protect with a JWT validator: the cnf.jkt of the JWT is checked against the proof', async () => {
    const signer = await createDpopProofSigner();
    const { token, nonce } = await dpopToken(signer, { resource: JWT_RESOURCE });
    const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString());
    expect(claims.cnf).toEqual({ jkt: signer.jkt });
    expect((await dpopGet(JWT_PROTECTED_PATH, token, signer, { nonce })).status).toBe(200);
    const asBearer = await send(urlOf(ctx(), JWT_PROTECTED_PATH), {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(asBearer.status).toBe(401);
  });
}
