import { digestToken } from '@oauthkit/core';
import { expect, it } from 'vitest';
import { basic, expectNoStore, postForm, type SuiteContext, send, urlOf } from '../http-client.js';
import { ISSUER } from '../http-fixture.js';

interface Registered {
  client_id: string;
  client_secret: string;
  registration_access_token: string;
  registration_client_uri: string;
  [member: string]: unknown;
}

/** The test server's URL for a URL the server published (its issuer is not the test host). */
function local(ctx: SuiteContext, published: string): string {
  const url = new URL(published);
  return `${ctx.baseUrl}${url.pathname}${url.search}`;
}

function postJson(ctx: SuiteContext, body: unknown, headers: Record<string, string> = {}) {
  return send(`${ctx.baseUrl}/oauth/register`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

function manage(ctx: SuiteContext, method: string, reg: Registered, token: string, body?: unknown) {
  return send(local(ctx, reg.registration_client_uri), {
    method,
    headers: {
      Authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

/**
 * Dynamic client registration (RFC 7591) and client management (RFC 7592) through the
 * binding: the registration endpoint is served from the registry, JSON bodies reach the core
 * whatever body parser the app runs, and management answers at `registration_client_uri`.
 */
export function registrationTests(ctx: () => SuiteContext): void {
  it('publishes registration_endpoint in the metadata', async () => {
    const response = await fetch(urlOf(ctx(), '/.well-known/oauth-authorization-server/oauth'));
    const metadata = (await response.json()) as Record<string, unknown>;
    expect(metadata.registration_endpoint).toBe(`${ISSUER}/register`);
  });

  it('registers, reads, replaces and deletes a client; its tokens die with it', async () => {
    const response = await postJson(ctx(), {
      grant_types: ['client_credentials'],
      response_types: [],
      scope: 'read',
      client_name: 'Machine',
      'client_name#fr': 'Machine (fr)',
    });
    expect(response.status).toBe(201);
    expectNoStore(response);
    const reg = (await response.json()) as Registered;
    expect(reg['client_name#fr']).toBe('Machine (fr)');
    expect(reg.registration_client_uri).toBe(`${ISSUER}/register?client_id=${reg.client_id}`);

    const token = await postForm(
      urlOf(ctx(), 'token'),
      { grant_type: 'client_credentials', scope: 'read' },
      { Authorization: basic(reg.client_id, reg.client_secret) },
    );
    expect(token.status).toBe(200);
    const { access_token } = (await token.json()) as { access_token: string };

    const read = await manage(ctx(), 'GET', reg, reg.registration_access_token);
    expect(read.status).toBe(200);
    expect(((await read.json()) as Registered).client_name).toBe('Machine');

    const put = await manage(ctx(), 'PUT', reg, reg.registration_access_token, {
      client_id: reg.client_id,
      grant_types: ['client_credentials'],
      response_types: [],
      scope: 'read',
      client_name: 'Machine 2',
    });
    expect(put.status).toBe(200);
    const updated = (await put.json()) as Registered;
    expect(updated.client_name).toBe('Machine 2');
    expect(updated['client_name#fr']).toBeUndefined();
    const rat = updated.registration_access_token;
    expect((await manage(ctx(), 'GET', reg, reg.registration_access_token)).status).toBe(401);

    const del = await manage(ctx(), 'DELETE', reg, rat);
    expect(del.status).toBe(204);
    const record = await ctx().fixture.stores.tokens.findByAccessToken(digestToken(access_token));
    expect(record?.revokedAt).toBeInstanceOf(Date);
    expect((await manage(ctx(), 'GET', reg, rat)).status).toBe(401);
  });

  // Malformed JSON is left out: an app whose own JSON parser runs first (express.json())
  // answers it before the binding sees the request. The core's tests cover it.
  it('refuses bad metadata with the RFC 7591 error, never a 500', async () => {
    const cases: [unknown, string][] = [
      [{ redirect_uris: ['http://app.example/cb'] }, 'invalid_redirect_uri'],
      [{ redirect_uris: ['https://app.example/cb#frag'] }, 'invalid_redirect_uri'],
      [
        { redirect_uris: ['https://app.example/cb'], grant_types: ['magic'] },
        'invalid_client_metadata',
      ],
    ];
    for (const [body, error] of cases) {
      const response = await postJson(ctx(), body);
      expect(response.status).toBe(400);
      expectNoStore(response);
      expect(((await response.json()) as { error: string }).error).toBe(error);
    }
  });

  it('refuses a form body, and a JSON body over the cap with 413', async () => {
    const form = await postForm(`${ctx().baseUrl}/oauth/register`, { redirect_uris: 'x' });
    expect(form.status).toBe(400);
    const cap = ctx().fixture.server.config.maxBodyBytes;
    const big = await postJson(ctx(), { client_name: 'x'.repeat(cap + 1) });
    expect(big.status).toBe(413);
  });

  it('answers 401 with a Bearer challenge for a wrong registration access token', async () => {
    const reg = (await (
      await postJson(ctx(), { grant_types: ['client_credentials'], response_types: [] })
    ).json()) as Registered;
    const response = await manage(ctx(), 'GET', reg, 'x'.repeat(43));
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toContain('error="invalid_token"');
  });
}
