import { expect, it } from 'vitest';
import { basic, postForm, type SuiteContext, send, urlOf } from '../http-client.js';
import { ISSUER, JWT_PROTECTED_PATH, JWT_RESOURCE } from '../http-fixture.js';

/**
 * RFC 9068 and RFC 8707 through the binding: a route guarded by `createJwtBearerValidator`
 * (the `bearerValidator` option) accepts the server's JWT access tokens for its resource and
 * refuses the rest with the RFC 6750 challenge; an unknown resource is `invalid_target`.
 */
export function jwtResourceTests(ctx: () => SuiteContext): void {
  const get = (token: string) =>
    send(urlOf(ctx(), JWT_PROTECTED_PATH), { headers: { Authorization: `Bearer ${token}` } });

  const tokenFor = async (form: Record<string, string>) => {
    const { clientId, secret } = ctx().fixture.confidential;
    return postForm(
      urlOf(ctx(), 'token'),
      { grant_type: 'client_credentials', ...form },
      { Authorization: basic(clientId, secret) },
    );
  };

  const jwtFor = async (scope: string) => {
    const response = await tokenFor({ scope, resource: JWT_RESOURCE });
    expect(response.status).toBe(200);
    return ((await response.json()) as { access_token: string }).access_token;
  };

  /** A token the server's keys sign, with these claims over good ones. */
  const signed = (claims: Record<string, unknown>, typ = 'at+jwt') => {
    const now = Math.floor(Date.now() / 1000);
    const { clientId } = ctx().fixture.confidential;
    return ctx().fixture.signingKeys.sign(
      {
        iss: ISSUER,
        aud: JWT_RESOURCE,
        sub: clientId,
        client_id: clientId,
        iat: now,
        exp: now + 60,
        jti: `jti-${now}`,
        scope: 'profile',
        ...claims,
      },
      { typ },
    );
  };

  const expectRefused = async (response: Response, description: string) => {
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe(
      `Bearer realm="oauthkit", error="invalid_token", error_description="${description}"`,
    );
    expect(await response.json()).toEqual({
      error: 'invalid_token',
      error_description: description,
    });
  };

  it('accepts a JWT access token issued for the resource, validated without the store', async () => {
    const response = await get(await jwtFor('profile'));
    expect(response.status).toBe(200);
    const { clientId } = ctx().fixture.confidential;
    expect(await response.json()).toEqual({ sub: null, client_id: clientId, scope: 'profile' });
    expect(await get(await signed({})).then((r) => r.status)).toBe(200);
  });

  it('answers a JWT without the scope with 403 insufficient_scope', async () => {
    const response = await get(await jwtFor('read'));
    expect(response.status).toBe(403);
    expect(response.headers.get('www-authenticate')).toContain('error="insufficient_scope"');
  });

  it('refuses a JWT for another audience', async () => {
    await expectRefused(
      await get(await signed({ aud: 'https://other.example/' })),
      'The access token is not for this resource',
    );
  });

  it('refuses an expired JWT', async () => {
    const past = Math.floor(Date.now() / 1000) - 120;
    await expectRefused(
      await get(await signed({ iat: past, exp: past + 60 })),
      'The access token expired',
    );
  });

  it('refuses a JWT whose typ is not at+jwt', async () => {
    await expectRefused(
      await get(await signed({}, 'JWT')),
      'The token is not a JWT access token (typ at+jwt)',
    );
  });

  it('refuses a tampered JWT', async () => {
    const [header, payload, signature] = (await jwtFor('profile')).split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString()) as object;
    const forged = Buffer.from(JSON.stringify({ ...claims, scope: 'profile admin' })).toString(
      'base64url',
    );
    await expectRefused(
      await get(`${header}.${forged}.${signature}`),
      'The access token signature is invalid',
    );
  });

  it('answers an unknown or malformed resource with invalid_target', async () => {
    for (const resource of ['https://unknown.example/', 'relative/path', `${JWT_RESOURCE}#f`]) {
      const response = await tokenFor({ scope: 'profile', resource });
      expect(response.status).toBe(400);
      expect(((await response.json()) as { error: string }).error).toBe('invalid_target');
    }
  });
}
