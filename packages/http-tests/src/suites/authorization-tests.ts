import { expect, it } from 'vitest';
import {
  authorize,
  basic,
  codeRequest,
  expectNoStore,
  pkcePair,
  postForm,
  type SuiteContext,
  send,
  urlOf,
} from '../http-client.js';
import { ISSUER, REDIRECT_URI, USER_HEADER } from '../http-fixture.js';

/** The authorization endpoint with the app's hooks: login, consent page, decision, errors. */
export function authorizationTests(ctx: () => SuiteContext): void {
  const authorizeUrl = (params: Record<string, string>) =>
    `${urlOf(ctx(), 'authorization')}?${new URLSearchParams(params)}`;
  const asAlice = { headers: { [USER_HEADER]: 'alice' } };

  it('shows the consent page of a valid request to a logged-in user', async () => {
    const params = codeRequest(ctx().fixture.public.clientId, pkcePair().challenge);
    const response = await send(authorizeUrl(params), asAlice);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      client_id: ctx().fixture.public.clientId,
      scope: 'profile read',
      state: params.state,
      redirect_uri: REDIRECT_URI,
      user: 'alice',
    });
  });

  it('asks the app to log the user in when nobody is logged in', async () => {
    const params = codeRequest(ctx().fixture.public.clientId, pkcePair().challenge);
    const get = await send(authorizeUrl(params));
    expect(get.status).toBe(401);
    expect(await get.json()).toEqual({ login: 'required' });
    const post = await postForm(authorizeUrl(params), { consent: 'allow' });
    expect(post.status).toBe(401);
    expect(post.headers.get('location')).toBeNull();
  });

  it('shows an error page, never a redirect, for an unknown client', async () => {
    const params = { ...codeRequest('nobody', pkcePair().challenge) };
    const response = await send(authorizeUrl(params), asAlice);
    expect(response.status).toBe(400);
    expect(response.headers.get('location')).toBeNull();
    expect(((await response.json()) as { error: string }).error).toBe('invalid_request');
  });

  it('shows an error page for an unregistered redirect_uri', async () => {
    const params = codeRequest(ctx().fixture.public.clientId, pkcePair().challenge);
    const response = await send(
      authorizeUrl({ ...params, redirect_uri: 'https://evil.example/cb' }),
      asAlice,
    );
    expect(response.status).toBe(400);
    expect(response.headers.get('location')).toBeNull();
  });

  it('redirects later errors to the client with state and iss', async () => {
    const { code_challenge, code_challenge_method, ...noPkce } = codeRequest(
      ctx().fixture.public.clientId,
      pkcePair().challenge,
    );
    expect(code_challenge && code_challenge_method).toBeTruthy();
    const response = await send(authorizeUrl(noPkce), asAlice);
    expect(response.status).toBe(302);
    const redirect = new URL(response.headers.get('location') ?? '').searchParams;
    expect(redirect.get('error')).toBe('invalid_request');
    expect(redirect.get('state')).toBe(noPkce.state);
    expect(redirect.get('iss')).toBe(ISSUER);
  });

  it('redirects with a code, state and iss on consent; the code buys a token with PKCE', async () => {
    const { verifier, challenge } = pkcePair();
    const clientId = ctx().fixture.public.clientId;
    const redirect = await authorize(ctx(), codeRequest(clientId, challenge));
    const code = redirect.get('code') ?? '';
    expect(code).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(redirect.get('error')).toBeNull();
    const exchange = () =>
      postForm(urlOf(ctx(), 'token'), {
        grant_type: 'authorization_code',
        code,
        redirect_uri: REDIRECT_URI,
        client_id: clientId,
        code_verifier: verifier,
      });
    const response = await exchange();
    expect(response.status).toBe(200);
    expectNoStore(response);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body.scope).toBe('profile read');
    expect(body.refresh_token).toEqual(expect.any(String));
    const replay = await exchange();
    expect(replay.status).toBe(400);
    expect(((await replay.json()) as { error: string }).error).toBe('invalid_grant');
  });

  it('reads the request and the decision from one POST body (consent form with hidden fields)', async () => {
    const { verifier, challenge } = pkcePair();
    const { clientId, secret } = ctx().fixture.confidential;
    const redirect = await authorize(ctx(), codeRequest(clientId, challenge, 'read'), {
      inBody: true,
      user: 'bob',
    });
    const response = await postForm(
      urlOf(ctx(), 'token'),
      {
        grant_type: 'authorization_code',
        code: redirect.get('code') ?? '',
        redirect_uri: REDIRECT_URI,
        code_verifier: verifier,
      },
      { Authorization: basic(clientId, secret) },
    );
    expect(response.status).toBe(200);
    const token = ((await response.json()) as { access_token: string }).access_token;
    const introspection = await postForm(
      urlOf(ctx(), 'introspection'),
      { token },
      { Authorization: basic(clientId, secret) },
    );
    expect(await introspection.json()).toMatchObject({ active: true, sub: 'bob', scope: 'read' });
  });

  it('redirects with access_denied when the user refuses', async () => {
    const params = codeRequest(ctx().fixture.public.clientId, pkcePair().challenge);
    const redirect = await authorize(ctx(), params, { consent: 'deny' });
    expect(redirect.get('error')).toBe('access_denied');
    expect(redirect.get('code')).toBeNull();
  });

  it('answers other methods with 405 and Allow: GET, POST', async () => {
    const params = codeRequest(ctx().fixture.public.clientId, pkcePair().challenge);
    const response = await send(authorizeUrl(params), { method: 'PUT', ...asAlice });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, POST');
  });
}
