import { expect, it } from 'vitest';
import { postForm, type SuiteContext, send, urlOf } from '../http-client.js';
import { ENDED_SESSION_COOKIE, ISSUER, POST_LOGOUT_REDIRECT_URI } from '../http-fixture.js';

const LOGOUT_PATH = '/oauth/logout';
const STATE = 'st 8+/é&=%20';

/** An ID token of the fixture server for `clientId`, the hint a client sends at logout. */
async function idTokenHint(ctx: SuiteContext, clientId: string): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return ctx.fixture.signingKeys.sign(
    { iss: ISSUER, sub: 'alice', aud: clientId, iat: now, exp: now + 300 },
    { typ: 'JWT' },
  );
}

function expectRedirectWithState(response: Response): void {
  expect(response.status).toBe(303);
  const location = response.headers.get('location') ?? '';
  expect(location.startsWith(`${POST_LOGOUT_REDIRECT_URI}?`)).toBe(true);
  expect(new URL(location).searchParams.get('state')).toBe(STATE);
  expect(response.headers.get('set-cookie')).toBe(ENDED_SESSION_COOKIE);
}

/**
 * OpenID Connect RP-Initiated Logout 1.0 through the binding: the end-session endpoint the
 * fixture registered, GET and POST, its redirect with `state`, its errors answered directly
 * and its confirmation page for a request without `id_token_hint`.
 */
export function endSessionTests(ctx: () => SuiteContext): void {
  it('publishes end_session_endpoint in the metadata', async () => {
    const response = await send(urlOf(ctx(), '/.well-known/oauth-authorization-server/oauth'));
    const metadata = (await response.json()) as Record<string, unknown>;
    expect(metadata.end_session_endpoint).toBe(`${ISSUER}/logout`);
  });

  it('GET with id_token_hint ends the session and redirects with state', async () => {
    const params = new URLSearchParams({
      id_token_hint: await idTokenHint(ctx(), ctx().fixture.public.clientId),
      post_logout_redirect_uri: POST_LOGOUT_REDIRECT_URI,
      state: STATE,
    });
    expectRedirectWithState(await send(`${urlOf(ctx(), LOGOUT_PATH)}?${params}`));
  });

  it('POST with a form body ends the session and redirects with state', async () => {
    const clientId = ctx().fixture.confidential.clientId;
    const response = await postForm(urlOf(ctx(), LOGOUT_PATH), {
      id_token_hint: await idTokenHint(ctx(), clientId),
      client_id: clientId,
      post_logout_redirect_uri: POST_LOGOUT_REDIRECT_URI,
      state: STATE,
    });
    expectRedirectWithState(response);
  });

  it('answers an unregistered post_logout_redirect_uri directly, never by redirect', async () => {
    const params = new URLSearchParams({
      id_token_hint: await idTokenHint(ctx(), ctx().fixture.public.clientId),
      post_logout_redirect_uri: 'https://evil.example/',
      state: STATE,
    });
    const response = await send(`${urlOf(ctx(), LOGOUT_PATH)}?${params}`);
    expect(response.status).toBe(400);
    expect(response.headers.get('location')).toBeNull();
    expect(response.headers.get('set-cookie')).toBeNull();
    expect(((await response.json()) as { error: string }).error).toBe('invalid_request');
  });

  it('without id_token_hint asks first: a cross-site POST gets the page, our own origin signs out', async () => {
    const fields = {
      client_id: ctx().fixture.public.clientId,
      post_logout_redirect_uri: POST_LOGOUT_REDIRECT_URI,
      state: STATE,
    };
    const page = await send(`${urlOf(ctx(), LOGOUT_PATH)}?${new URLSearchParams(fields)}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('set-cookie')).toBeNull();
    expect(await page.text()).toContain('name="confirm" value="yes"');
    const forged = await postForm(
      urlOf(ctx(), LOGOUT_PATH),
      { ...fields, confirm: 'yes' },
      { 'Sec-Fetch-Site': 'cross-site' },
    );
    expect(forged.status).toBe(200);
    expect(forged.headers.get('set-cookie')).toBeNull();
    const confirmed = await postForm(
      urlOf(ctx(), LOGOUT_PATH),
      { ...fields, confirm: 'yes' },
      { 'Sec-Fetch-Site': 'same-origin' },
    );
    expectRedirectWithState(confirmed);
  });
}
