import { s256Challenge } from '@oauthkit/core';
import * as oauth from 'oauth4webapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startExample } from './start-example.js';

// The example enables open registration (RFC 7591) of public and confidential clients: a
// client registered here by oauth4webapi signs alice in through the example's own pages
// (login, consent with Allow), then reads, replaces and deletes its registration (RFC 7592).

const insecure = { [oauth.allowInsecureRequests]: true } as const;
let example: Awaited<ReturnType<typeof startExample>>;
let as: oauth.AuthorizationServer;

beforeAll(async () => {
  example = await startExample();
  const issuer = new URL(example.issuer);
  as = await oauth.processDiscoveryResponse(
    issuer,
    await oauth.discoveryRequest(issuer, { algorithm: 'oauth2', ...insecure }),
  );
});
afterAll(() => example?.close());

const csrfOf = (html: string) => /name="csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
const cookieOf = (res: Response) => res.headers.get('set-cookie')?.split(';')[0] ?? '';

async function login(): Promise<string> {
  const form = await fetch(`${example.base}/login`);
  const res = await fetch(`${example.base}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: cookieOf(form), 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      csrf: csrfOf(await form.text()),
      next: '/',
      username: 'alice',
      password: 'wonderland-42',
    }),
  });
  expect(res.status).toBe(303);
  return cookieOf(res);
}

/** Authorization with PKCE through the consent page, answered Allow; resolves the code. */
async function authorize(clientId: string, redirectUri: string, verifier: string) {
  const cookie = await login();
  const path = `/authorize?${new URLSearchParams({
    response_type: 'code',
    client_id: clientId,
    redirect_uri: redirectUri,
    scope: 'openid profile',
    state: 'st',
    code_challenge: s256Challenge(verifier),
    code_challenge_method: 'S256',
  })}`;
  const page = await fetch(`${example.base}${path}`, { headers: { cookie } });
  expect(page.status).toBe(200);
  const res = await fetch(`${example.base}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ csrf: csrfOf(await page.text()), decision: 'allow' }),
  });
  expect(res.status).toBe(302);
  return new URL(res.headers.get('location')!);
}

describe('example server: open dynamic client registration', () => {
  it('publishes registration_endpoint', () => {
    expect(as.registration_endpoint).toBe(`${example.issuer}/register`);
  });

  it('a confidential client registers with oauth4webapi and completes a code flow', async () => {
    const redirectUri = `${example.base}/callback`;
    const client = await oauth.processDynamicClientRegistrationResponse(
      await oauth.dynamicClientRegistrationRequest(
        as,
        {
          application_type: 'native',
          redirect_uris: [redirectUri],
          grant_types: ['authorization_code', 'refresh_token'],
          scope: 'openid profile',
          client_name: 'Registered App',
        },
        insecure,
      ),
    );
    expect(client.client_secret).toBeTypeOf('string');
    const verifier = oauth.generateRandomCodeVerifier();
    const callback = await authorize(client.client_id, redirectUri, verifier);
    const params = oauth.validateAuthResponse(as, client, callback, 'st');
    const tokens = await oauth.processAuthorizationCodeResponse(
      as,
      client,
      await oauth.authorizationCodeGrantRequest(
        as,
        client,
        oauth.ClientSecretBasic(client.client_secret as string),
        params,
        redirectUri,
        verifier,
        insecure,
      ),
    );
    expect(tokens.access_token).toBeTypeOf('string');
    expect(tokens.id_token).toBeTypeOf('string');

    // RFC 7592: read, then delete; the access token stops working at /api/me.
    const uri = new URL(client.registration_client_uri as string);
    const rat = client.registration_access_token as string;
    const read = await fetch(uri, { headers: { authorization: `Bearer ${rat}` } });
    expect(((await read.json()) as { client_name: string }).client_name).toBe('Registered App');
    const me = () =>
      fetch(`${example.base}/api/me`, {
        headers: { authorization: `Bearer ${tokens.access_token}` },
      });
    expect((await me()).status).toBe(200);
    const del = await fetch(uri, { method: 'DELETE', headers: { authorization: `Bearer ${rat}` } });
    expect(del.status).toBe(204);
    expect((await me()).status).toBe(401);
  });

  it('a public client registers without a secret; a web client may not use http', async () => {
    const client = await oauth.processDynamicClientRegistrationResponse(
      await oauth.dynamicClientRegistrationRequest(
        as,
        {
          application_type: 'native',
          redirect_uris: ['http://127.0.0.1/cb'],
          token_endpoint_auth_method: 'none',
          scope: 'openid',
        },
        insecure,
      ),
    );
    expect(client.client_secret).toBeUndefined();
    const refused = await oauth.dynamicClientRegistrationRequest(
      as,
      { redirect_uris: ['http://app.example/cb'] },
      insecure,
    );
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { error: string }).error).toBe('invalid_redirect_uri');
  });

  it('server.registration false in the seed turns it off', async () => {
    const closed = await startExample({ registration: false });
    try {
      const res = await fetch(`${closed.base}/.well-known/oauth-authorization-server`);
      expect(((await res.json()) as Record<string, unknown>).registration_endpoint).toBeUndefined();
      expect((await fetch(`${closed.base}/register`, { method: 'POST' })).status).toBe(404);
    } finally {
      await closed.close();
    }
  });
});
