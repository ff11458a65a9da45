import { s256Challenge } from '@oauthkit/core';
import { createDpopProofSigner } from '@oauthkit/core/testing';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startExample } from './start-example.js';

let example: Awaited<ReturnType<typeof startExample>>;
beforeAll(async () => {
  example = await startExample();
});
afterAll(() => example?.close());

const csrfOf = (html: string) => /name="csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
const cookieOf = (res: Response) => res.headers.get('set-cookie')?.split(';')[0] ?? '';

/** Logs alice in over plain HTTP; resolves the session cookie. */
async function login(next = '/'): Promise<{ cookie: string; location: string | null }> {
  const form = await fetch(`${example.base}/login?next=${encodeURIComponent(next)}`);
  const cookie = cookieOf(form);
  const csrf = csrfOf(await form.text());
  const res = await fetch(`${example.base}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ csrf, next, username: 'alice', password: 'wonderland-42' }),
  });
  expect(res.status).toBe(303);
  return { cookie: cookieOf(res), location: res.headers.get('location') };
}

const verifier = 'x'.repeat(43);
const authorizePath = (scope: string, state = 's1') =>
  `/authorize?${new URLSearchParams({
    response_type: 'code',
    client_id: 'e2e-app',
    redirect_uri: `${example.base}/callback`,
    scope,
    state,
    code_challenge: s256Challenge(verifier),
    code_challenge_method: 'S256',
  })}`;

async function consent(cookie: string, path: string, decision: string, csrfOverride?: string) {
  const page = await fetch(`${example.base}${path}`, { headers: { cookie } });
  expect(page.status).toBe(200);
  const csrf = csrfOverride ?? csrfOf(await page.text());
  const res = await fetch(`${example.base}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ csrf, decision }),
  });
  expect(res.status).toBe(302);
  return new URL(res.headers.get('location')!);
}

describe('example server over HTTP', () => {
  it('serves the metadata document with iss support', async () => {
    const res = await fetch(`${example.base}/.well-known/oauth-authorization-server`);
    expect(res.status).toBe(200);
    const metadata = await res.json();
    expect(metadata.issuer).toBe(example.issuer);
    expect(metadata.authorization_response_iss_parameter_supported).toBe(true);
  });

  it('refuses a login form without its CSRF token', async () => {
    const form = await fetch(`${example.base}/login`);
    const res = await fetch(`${example.base}/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: cookieOf(form), 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ csrf: 'forged', username: 'alice', password: 'wonderland-42' }),
    });
    expect(res.status).toBe(403);
    expect(res.headers.get('set-cookie')).toBeNull();
  });

  it('never redirects a login to another site', async () => {
    const { location } = await login('//evil.example/steal');
    expect(location).toBe(`${example.base}/`);
  });

  it('sends an unauthenticated authorization request to the login page', async () => {
    const res = await fetch(`${example.base}${authorizePath('profile')}`, { redirect: 'manual' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toMatch(/^\/login\?next=%2Fauthorize%3F/);
  });

  it('treats a consent POST with a wrong CSRF token as a denial', async () => {
    const { cookie } = await login();
    const location = await consent(
      cookie,
      authorizePath('profile', 'csrf-test'),
      'allow',
      'forged',
    );
    expect(location.searchParams.get('error')).toBe('access_denied');
    expect(location.searchParams.get('state')).toBe('csrf-test');
  });

  it('protects /api/me with the profile scope (403 without it, 200 with it)', async () => {
    const { cookie } = await login();
    const tokenFor = async (scope: string) => {
      const location = await consent(cookie, authorizePath(scope), 'allow');
      const res = await fetch(`${example.base}/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          code: location.searchParams.get('code')!,
          redirect_uri: `${example.base}/callback`,
          client_id: 'e2e-app',
          code_verifier: verifier,
        }),
      });
      expect(res.status).toBe(200);
      return ((await res.json()) as { access_token: string }).access_token;
    };
    const emailOnly = await fetch(`${example.base}/api/me`, {
      headers: { authorization: `Bearer ${await tokenFor('email')}` },
    });
    expect(emailOnly.status).toBe(403);
    expect(emailOnly.headers.get('www-authenticate')).toContain('error="insufficient_scope"');
    const profile = await fetch(`${example.base}/api/me`, {
      headers: { authorization: `Bearer ${await tokenFor('profile')}` },
    });
    expect(profile.status).toBe(200);
    expect((await profile.json()).username).toBe('alice');
  });

  it('binds tokens to a DPoP key: /api/me then needs a proof of it (RFC 9449)', async () => {
    const { cookie } = await login();
    const signer = await createDpopProofSigner();
    const location = await consent(cookie, authorizePath('profile'), 'allow');
    const res = await fetch(`${example.base}/token`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        dpop: await signer.proof('POST', `${example.base}/token`),
      },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code: location.searchParams.get('code')!,
        redirect_uri: `${example.base}/callback`,
        client_id: 'e2e-app',
        code_verifier: verifier,
      }),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { access_token: string; token_type: string };
    expect(body.token_type).toBe('DPoP');
    const asBearer = await fetch(`${example.base}/api/me`, {
      headers: { authorization: `Bearer ${body.access_token}` },
    });
    expect(asBearer.status).toBe(401);
    expect(asBearer.headers.get('www-authenticate')).toContain('error="invalid_token"');
    const withProof = await fetch(`${example.base}/api/me`, {
      headers: {
        authorization: `DPoP ${body.access_token}`,
        dpop: await signer.proof('GET', `${example.base}/api/me`, {
          accessToken: body.access_token,
        }),
      },
    });
    expect(withProof.status).toBe(200);
    expect((await withProof.json()).username).toBe('alice');
    const metadata = await fetch(`${example.base}/.well-known/oauth-authorization-server`);
    expect((await metadata.json()).dpop_signing_alg_values_supported).toContain('ES256');
  });

  it('keeps only digests in its SQLite file', async () => {
    const { cookie } = await login();
    const location = await consent(cookie, authorizePath('profile'), 'allow');
    const code = location.searchParams.get('code')!;
    const res = await fetch(`${example.base}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code,
        redirect_uri: `${example.base}/callback`,
        client_id: 'e2e-app',
        code_verifier: verifier,
      }),
    });
    const token = (await res.json()) as { access_token: string; refresh_token: string };
    const db = new Database(example.dbFile, { readonly: true });
    try {
      const dump = JSON.stringify(
        ['oauth_clients', 'oauth_tokens', 'oauth_authorization_codes'].map((t) =>
          db.prepare(`select * from ${t}`).all(),
        ),
      );
      expect(dump.length).toBeGreaterThan(200);
      for (const secret of [code, token.access_token, token.refresh_token]) {
        expect(dump).not.toContain(secret);
      }
    } finally {
      db.close();
    }
  });
});
