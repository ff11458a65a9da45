import { expect, it } from 'vitest';
import {
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

interface Pushed {
  request_uri: string;
  expires_in: number;
}

/** Pushes a code request for the confidential client (Basic), as RFC 9126 2.1 shows. */
async function push(
  ctx: SuiteContext,
  challenge: string,
): Promise<{ pushed: Pushed; state: string }> {
  const { clientId, secret } = ctx.fixture.confidential;
  const { client_id: _, ...request } = codeRequest(clientId, challenge);
  const response = await postForm(urlOf(ctx, 'pushed_authorization_request'), request, {
    Authorization: basic(clientId, secret),
  });
  expect(response.status).toBe(201);
  expectNoStore(response);
  return { pushed: (await response.json()) as Pushed, state: request.state };
}

function authorizeUrl(ctx: SuiteContext, query: Record<string, string>): string {
  return `${urlOf(ctx, 'authorization')}?${new URLSearchParams(query)}`;
}

/**
 * RFC 9126 through the binding: the PAR endpoint is served from the registry at its path,
 * its errors are JSON (never redirects), and the authorization endpoint takes the
 * `request_uri` once, only from its own client, ignoring parameters outside it.
 */
export function parTests(ctx: () => SuiteContext): void {
  it('publishes the PAR endpoint in the metadata', async () => {
    const response = await send(urlOf(ctx(), '/.well-known/oauth-authorization-server/oauth'));
    const metadata = (await response.json()) as Record<string, unknown>;
    expect(metadata.pushed_authorization_request_endpoint).toBe(`${ISSUER}/par`);
    expect(metadata.require_pushed_authorization_requests).toBe(false);
  });

  it('push, consent page and decision with the request_uri, then the token', async () => {
    const { verifier, challenge } = pkcePair();
    const { pushed, state } = await push(ctx(), challenge);
    expect(pushed.request_uri).toMatch(/^urn:ietf:params:oauth:request_uri:[A-Za-z0-9_-]{43}$/);
    expect(pushed.expires_in).toBe(60);
    const { clientId, secret } = ctx().fixture.confidential;
    // Outside parameters are ignored (RFC 9126 4): this scope and state never count.
    const query = {
      client_id: clientId,
      request_uri: pushed.request_uri,
      scope: 'openid',
      state: 'x',
    };
    const page = await send(authorizeUrl(ctx(), query), { headers: { [USER_HEADER]: 'alice' } });
    expect(page.status).toBe(200);
    expect(await page.json()).toMatchObject({ client_id: clientId, scope: 'profile read', state });
    // The page may be shown again until the end user decides.
    const again = await send(authorizeUrl(ctx(), query), { headers: { [USER_HEADER]: 'alice' } });
    expect(again.status).toBe(200);
    const decision = await postForm(
      authorizeUrl(ctx(), query),
      { consent: 'allow' },
      {
        [USER_HEADER]: 'alice',
      },
    );
    expect(decision.status).toBe(302);
    const redirect = new URL(decision.headers.get('location')!);
    expect(`${redirect.origin}${redirect.pathname}`).toBe(REDIRECT_URI);
    expect(redirect.searchParams.get('state')).toBe(state);
    expect(redirect.searchParams.get('iss')).toBe(ISSUER);
    const token = await postForm(
      urlOf(ctx(), 'token'),
      {
        grant_type: 'authorization_code',
        code: redirect.searchParams.get('code') ?? '',
        redirect_uri: REDIRECT_URI,
        code_verifier: verifier,
      },
      { Authorization: basic(clientId, secret) },
    );
    expect(token.status).toBe(200);
    // Used: the request_uri is refused from now on, with an error page.
    const reused = await send(authorizeUrl(ctx(), query), { headers: { [USER_HEADER]: 'alice' } });
    expect(reused.status).toBe(400);
    expect(reused.headers.get('location')).toBeNull();
    expect(((await reused.json()) as { error: string }).error).toBe('invalid_request_uri');
  });

  it("refuses another client's request_uri with an error page", async () => {
    const { pushed } = await push(ctx(), pkcePair().challenge);
    const query = { client_id: ctx().fixture.public.clientId, request_uri: pushed.request_uri };
    const response = await send(authorizeUrl(ctx(), query), {
      headers: { [USER_HEADER]: 'alice' },
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('location')).toBeNull();
  });

  it('answers errors as JSON, never by redirect; GET is 405', async () => {
    const { clientId, secret } = ctx().fixture.confidential;
    const { client_id: _, ...request } = codeRequest(clientId, pkcePair().challenge);
    const bad = await postForm(
      urlOf(ctx(), 'pushed_authorization_request'),
      { ...request, scope: 'admin' },
      { Authorization: basic(clientId, secret) },
    );
    expect(bad.status).toBe(400);
    expect(bad.headers.get('location')).toBeNull();
    expectNoStore(bad);
    expect(((await bad.json()) as { error: string }).error).toBe('invalid_scope');
    const unauthenticated = await postForm(urlOf(ctx(), 'pushed_authorization_request'), {
      ...request,
      client_id: clientId,
    });
    expect(unauthenticated.status).toBe(401);
    const get = await send(urlOf(ctx(), 'pushed_authorization_request'));
    expect(get.status).toBe(405);
  });
}
