import { expect, it } from 'vitest';
import {
  basic,
  clientToken,
  expectNoStore,
  postForm,
  type SuiteContext,
  urlOf,
} from '../http-client.js';

/** Revocation (RFC 7009) and introspection (RFC 7662) over HTTP. */
export function tokenManagementTests(ctx: () => SuiteContext): void {
  const auth = () => {
    const { clientId, secret } = ctx().fixture.confidential;
    return { Authorization: basic(clientId, secret) };
  };
  const introspect = (token: string) => postForm(urlOf(ctx(), 'introspection'), { token }, auth());

  it('introspects a token as active, revokes it, then introspects it as inactive', async () => {
    const token = await clientToken(ctx());
    const before = await introspect(token);
    expect(before.status).toBe(200);
    expectNoStore(before);
    expect(await before.json()).toMatchObject({
      active: true,
      client_id: ctx().fixture.confidential.clientId,
      scope: 'read',
    });
    const revoked = await postForm(
      urlOf(ctx(), 'revocation'),
      { token, token_type_hint: 'access_token' },
      auth(),
    );
    expect(revoked.status).toBe(200);
    expectNoStore(revoked);
    const after = await introspect(token);
    expect(after.status).toBe(200);
    expect(await after.json()).toEqual({ active: false });
  });

  it('answers an unknown token with 200 at revocation and active false at introspection', async () => {
    const revoked = await postForm(urlOf(ctx(), 'revocation'), { token: 'not-a-token' }, auth());
    expect(revoked.status).toBe(200);
    expect(await (await introspect('not-a-token')).json()).toEqual({ active: false });
  });

  it('requires client authentication at revocation and introspection', async () => {
    const token = await clientToken(ctx());
    for (const endpoint of ['revocation', 'introspection'] as const) {
      const response = await postForm(urlOf(ctx(), endpoint), { token });
      expect(response.status).toBe(401);
      expect(((await response.json()) as { error: string }).error).toBe('invalid_client');
    }
    expect(((await (await introspect(token)).json()) as { active: boolean }).active).toBe(true);
  });
}
