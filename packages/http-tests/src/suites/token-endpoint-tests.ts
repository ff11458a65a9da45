import { expect, it } from 'vitest';
import {
  basic,
  expectNoStore,
  postForm,
  type SuiteContext,
  send,
  urlOf,
  userTokens,
} from '../http-client.js';

/** The token endpoint over HTTP: grants, client authentication and request checks. */
export function tokenEndpointTests(ctx: () => SuiteContext): void {
  const confidential = () => ctx().fixture.confidential;

  it('issues a client_credentials token to a client authenticated with Basic', async () => {
    const { clientId, secret } = confidential();
    const response = await postForm(
      urlOf(ctx(), 'token'),
      { grant_type: 'client_credentials', scope: 'read' },
      { Authorization: basic(clientId, secret) },
    );
    expect(response.status).toBe(200);
    expectNoStore(response);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body.token_type).toBe('Bearer');
    expect(body.access_token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(body.scope).toBe('read');
    expect(body.refresh_token).toBeUndefined();
  });

  it('answers a wrong secret with 401 invalid_client and a Basic challenge', async () => {
    const response = await postForm(
      urlOf(ctx(), 'token'),
      { grant_type: 'client_credentials' },
      { Authorization: basic(confidential().clientId, 'wrong') },
    );
    expect(response.status).toBe(401);
    expectNoStore(response);
    expect(response.headers.get('www-authenticate')).toMatch(/^Basic/);
    expect(((await response.json()) as { error: string }).error).toBe('invalid_client');
  });

  it('answers GET with 405 and Allow: POST', async () => {
    const response = await send(`${urlOf(ctx(), 'token')}?grant_type=client_credentials`);
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
  });

  it('refuses a JSON body with 400 invalid_request', async () => {
    const { clientId, secret } = confidential();
    const response = await send(urlOf(ctx(), 'token'), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: basic(clientId, secret) },
      body: JSON.stringify({ grant_type: 'client_credentials' }),
    });
    expect(response.status).toBe(400);
    expectNoStore(response);
    expect(((await response.json()) as { error: string }).error).toBe('invalid_request');
  });

  it('refuses a text/plain body with 400 invalid_request', async () => {
    const response = await send(urlOf(ctx(), 'token'), {
      method: 'POST',
      headers: { 'Content-Type': 'text/plain', Authorization: basic('a', 'b') },
      body: 'grant_type=client_credentials',
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toBe('invalid_request');
  });

  it('sees a repeated parameter and refuses it with invalid_request', async () => {
    const { clientId, secret } = confidential();
    const response = await postForm(
      urlOf(ctx(), 'token'),
      [
        ['grant_type', 'client_credentials'],
        ['scope', 'read'],
        ['scope', 'profile'],
      ],
      { Authorization: basic(clientId, secret) },
    );
    expect(response.status).toBe(400);
    expectNoStore(response);
    expect(((await response.json()) as { error: string }).error).toBe('invalid_request');
  });

  it('never reads a bracketed name as the parameter itself', async () => {
    const { clientId, secret } = confidential();
    const response = await postForm(urlOf(ctx(), 'token'), 'grant_type[x]=client_credentials', {
      Authorization: basic(clientId, secret),
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body.access_token).toBeUndefined();
    expect(['invalid_request', 'unsupported_grant_type']).toContain(body.error);
  });

  it('exchanges a refresh token and refuses the rotated one for a public client', async () => {
    const { refreshToken } = await userTokens(ctx());
    const refresh = () =>
      postForm(urlOf(ctx(), 'token'), {
        grant_type: 'refresh_token',
        refresh_token: refreshToken,
        client_id: ctx().fixture.public.clientId,
      });
    const rotated = await refresh();
    expect(rotated.status).toBe(200);
    expectNoStore(rotated);
    const next = (await rotated.json()) as { refresh_token: string };
    expect(next.refresh_token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(next.refresh_token).not.toBe(refreshToken);
    const replay = await refresh();
    expect(replay.status).toBe(400);
    expect(((await replay.json()) as { error: string }).error).toBe('invalid_grant');
  });
}
