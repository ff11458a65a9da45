import { createLocalJWKSet, jwtVerify } from 'jose';
import { expect, it } from 'vitest';
import {
  allowedPreflight,
  codeFlowTokenResponse,
  postForm,
  type SuiteContext,
  send,
  urlOf,
} from '../http-client.js';
import { ALLOWED_ORIGIN, claimsOf, ISSUER } from '../http-fixture.js';

/** An ID token and access token for `alice` through the binding's authorization endpoint. */
async function openidTokens(
  ctx: SuiteContext,
  scope = 'openid profile email',
): Promise<{ idToken: string; accessToken: string; nonce: string }> {
  const nonce = 'n-0S6_WzA2Mj';
  const body = await codeFlowTokenResponse<{ id_token: string; access_token: string }>(ctx, scope, {
    nonce,
  });
  return { idToken: body.id_token, accessToken: body.access_token, nonce };
}

/**
 * OpenID Connect through the binding, from the registry alone: the discovery document at
 * both well-known places, the JWKS, the ID token verified against it, and UserInfo (GET,
 * POST, errors, CORS).
 */
export function openidTests(ctx: () => SuiteContext): void {
  it('serves /.well-known/openid-configuration below the issuer and at the RFC 8414 place', async () => {
    for (const path of [
      '/oauth/.well-known/openid-configuration',
      '/.well-known/openid-configuration/oauth',
    ]) {
      const response = await send(urlOf(ctx(), path as `/${string}`));
      expect(response.status).toBe(200);
      const doc = (await response.json()) as Record<string, unknown>;
      expect(doc.issuer).toBe(ISSUER);
      expect(doc.userinfo_endpoint).toBe(`${ISSUER}/userinfo`);
      expect(doc.jwks_uri).toBe(`${ISSUER}/jwks`);
      expect(doc.id_token_signing_alg_values_supported).toEqual(['ES256']);
      expect(doc.subject_types_supported).toEqual(['public']);
      expect(doc.scopes_supported).toContain('openid');
    }
  });

  it('serves the JWKS: public keys only, cacheable', async () => {
    const response = await send(urlOf(ctx(), '/oauth/jwks'));
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toMatch(/^public, max-age=\d+$/);
    const jwks = (await response.json()) as { keys: Record<string, unknown>[] };
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).not.toHaveProperty('d');
  });

  it('issues an ID token that verifies against the published JWKS', async () => {
    const { idToken, nonce } = await openidTokens(ctx());
    const jwks = await (await send(urlOf(ctx(), '/oauth/jwks'))).json();
    const { payload } = await jwtVerify(idToken, createLocalJWKSet(jwks as never), {
      issuer: ISSUER,
      audience: ctx().fixture.public.clientId,
    });
    expect(payload.sub).toBe('alice');
    expect(payload.nonce).toBe(nonce);
  });

  it('answers UserInfo on GET with the bearer header', async () => {
    const { accessToken } = await openidTokens(ctx());
    const response = await send(urlOf(ctx(), '/oauth/userinfo'), {
      headers: { Authorization: `Bearer ${accessToken}` },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ sub: 'alice', ...claimsOf('alice') });
  });

  it('answers UserInfo on POST with the token in the form body', async () => {
    const { accessToken } = await openidTokens(ctx(), 'openid email');
    const response = await postForm(urlOf(ctx(), '/oauth/userinfo'), {
      access_token: accessToken,
    });
    expect(response.status).toBe(200);
    const { name: _, ...email } = claimsOf('alice');
    expect(await response.json()).toEqual({ sub: 'alice', ...email });
  });

  it('refuses UserInfo without a token (401 challenge) and with a bad one (invalid_token)', async () => {
    const none = await send(urlOf(ctx(), '/oauth/userinfo'));
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer realm=/);
    const bad = await send(urlOf(ctx(), '/oauth/userinfo'), {
      headers: { Authorization: 'Bearer not-a-token' },
    });
    expect(bad.status).toBe(401);
    expect(bad.headers.get('www-authenticate')).toContain('error="invalid_token"');
  });

  it('answers a UserInfo CORS preflight and adds CORS headers for an allowed origin', async () => {
    await allowedPreflight(ctx(), '/oauth/userinfo', 'GET', 'authorization');
    const { accessToken } = await openidTokens(ctx());
    const response = await send(urlOf(ctx(), '/oauth/userinfo'), {
      headers: { Authorization: `Bearer ${accessToken}`, Origin: ALLOWED_ORIGIN },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe(ALLOWED_ORIGIN);
  });
}
