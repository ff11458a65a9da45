import { expect, it } from 'vitest';
import {
  clientToken,
  postForm,
  type SuiteContext,
  send,
  urlOf,
  userTokens,
} from '../http-client.js';
import { PROTECTED_PATH } from '../http-fixture.js';

/** The protected route (RFC 6750): challenges, errors and the token reaching the handler. */
export function resourceTests(ctx: () => SuiteContext): void {
  const get = (token?: string) =>
    send(
      urlOf(ctx(), PROTECTED_PATH),
      token ? { headers: { Authorization: `Bearer ${token}` } } : {},
    );

  it('challenges a request without a token: 401 with a bare Bearer realm', async () => {
    const response = await get();
    expect(response.status).toBe(401);
    const challenge = response.headers.get('www-authenticate') ?? '';
    // The DPoP challenge follows (RFC 9449 7.1): the server accepts both schemes.
    expect(challenge).toMatch(/^Bearer realm="[^"]+", DPoP realm="[^"]+", algs="[^"]+"$/);
    expect(challenge).not.toContain('error');
  });

  it('answers an unknown token with 401 invalid_token', async () => {
    const response = await get('bm90LWEtdG9rZW4');
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toContain('error="invalid_token"');
  });

  it('answers a token without the scope with 403 insufficient_scope', async () => {
    const response = await get(await clientToken(ctx(), 'read'));
    expect(response.status).toBe(403);
    expect(response.headers.get('www-authenticate')).toContain('error="insufficient_scope"');
    expect(((await response.json()) as { error: string }).error).toBe('insufficient_scope');
  });

  it("runs the handler with the token's subject for a good token", async () => {
    const { accessToken } = await userTokens(ctx());
    const response = await get(accessToken);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      sub: 'alice',
      client_id: ctx().fixture.public.clientId,
      scope: 'profile read',
    });
  });

  it('refuses a token once it is revoked', async () => {
    const { accessToken } = await userTokens(ctx());
    expect((await get(accessToken)).status).toBe(200);
    const { clientId } = ctx().fixture.public;
    // A public client revokes its own token with its client_id alone.
    const revoked = await postForm(urlOf(ctx(), 'revocation'), {
      token: accessToken,
      client_id: clientId,
    });
    expect(revoked.status).toBe(200);
    const response = await get(accessToken);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toContain('error="invalid_token"');
  });
}
