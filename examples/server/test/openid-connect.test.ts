import { createRemoteJWKSet, jwtVerify } from 'jose';
import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { userIdFor } from '../src/users.js';
import { startExample } from './start-example.js';

// A certified relying-party library (openid-client) against the running example: discovery,
// the code flow with PKCE and nonce through the example's real login and consent forms, the
// ID token checked against the published JWKS, UserInfo, and prompt=login / max_age.

let example: Awaited<ReturnType<typeof startExample>>;
let config: oidc.Configuration;
beforeAll(async () => {
  example = await startExample();
  config = await oidc.discovery(new URL(example.base), 'e2e-app', undefined, oidc.None(), {
    execute: [oidc.allowInsecureRequests],
  });
});
afterAll(() => example?.close());

const ALICE = { name: 'Alice Liddell', email: 'alice@example.com', email_verified: true };
const csrfOf = (html: string) => /name="csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
const unescapeHtml = (v: string) =>
  v.replace(
    /&(amp|quot|#39|lt|gt);/g,
    (_, e: string) => ({ amp: '&', quot: '"', '#39': "'", lt: '<', gt: '>' })[e]!,
  );
const nextOf = (html: string) => unescapeHtml(/name="next" value="([^"]+)"/.exec(html)?.[1] ?? '');
const cookieOf = (res: Response) => res.headers.get('set-cookie')?.split(';')[0] ?? '';
const seconds = () => Math.floor(Date.now() / 1000);

/** The browser: one cookie, redirects followed by hand so each step can be checked. */
interface Browser {
  cookie: string;
}

/** Fills in the example's login form (the page `location` points at); resolves where it sends us. */
async function signIn(browser: Browser, location: string): Promise<string> {
  const form = await fetch(new URL(location, example.base), {
    headers: { cookie: browser.cookie },
  });
  browser.cookie = cookieOf(form) || browser.cookie;
  const html = await form.text();
  expect(html).toContain('name="username"');
  const res = await fetch(`${example.base}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: browser.cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      csrf: csrfOf(html),
      next: nextOf(html),
      username: 'alice',
      password: 'wonderland-42',
    }),
  });
  expect(res.status).toBe(303);
  browser.cookie = cookieOf(res);
  return res.headers.get('location')!;
}

/** Presses Allow on the consent page at `url`; resolves the redirect to the client. */
async function allow(browser: Browser, url: string): Promise<URL> {
  const page = await fetch(url, { headers: { cookie: browser.cookie } });
  expect(page.status).toBe(200);
  const html = await page.text();
  expect(html).toContain('value="allow"');
  const res = await fetch(url, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: browser.cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ csrf: csrfOf(html), decision: 'allow' }),
  });
  expect(res.status).toBe(302);
  return new URL(res.headers.get('location')!);
}

async function authorizationRequest(extra: Record<string, string> = {}) {
  const verifier = oidc.randomPKCECodeVerifier();
  const nonce = oidc.randomNonce();
  const state = oidc.randomState();
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: `${example.base}/callback`,
    scope: 'openid profile email',
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    nonce,
    state,
    // name and email in the ID token too, not only at UserInfo (Core 5.5).
    claims: JSON.stringify({ id_token: { name: null, email: null } }),
    ...extra,
  });
  return { url, verifier, nonce, state };
}

/** GETs the authorization URL: resolves the login page's location, or null for consent. */
async function open(browser: Browser, url: URL): Promise<string | null> {
  const res = await fetch(url, { redirect: 'manual', headers: { cookie: browser.cookie } });
  if (res.status === 200) return null;
  expect(res.status).toBe(303);
  const location = res.headers.get('location')!;
  expect(location).toMatch(/^\/login\?next=%2Fauthorize%3F/);
  return location;
}

async function exchange(
  callback: URL,
  request: Awaited<ReturnType<typeof authorizationRequest>>,
  maxAge?: number,
) {
  return oidc.authorizationCodeGrant(config, callback, {
    pkceCodeVerifier: request.verifier,
    expectedNonce: request.nonce,
    expectedState: request.state,
    idTokenExpected: true,
    ...(maxAge !== undefined ? { maxAge } : {}),
  });
}

async function verifiedIdToken(idToken: string) {
  const jwks = createRemoteJWKSet(new URL(config.serverMetadata().jwks_uri!));
  const { payload } = await jwtVerify(idToken, jwks, {
    issuer: example.issuer,
    audience: 'e2e-app',
  });
  return payload;
}

describe('OpenID Connect at the example server (openid-client)', () => {
  it('discovery: /.well-known/openid-configuration', async () => {
    const metadata = config.serverMetadata();
    expect(metadata.issuer).toBe(example.issuer);
    expect(metadata.authorization_endpoint).toBe(`${example.base}/authorize`);
    expect(metadata.userinfo_endpoint).toBe(`${example.base}/userinfo`);
    expect(metadata.jwks_uri).toBe(`${example.base}/jwks`);
    expect(metadata.end_session_endpoint).toBe(`${example.base}/logout`);
    expect(metadata.scopes_supported).toEqual(
      expect.arrayContaining(['openid', 'profile', 'email']),
    );
    expect(metadata.id_token_signing_alg_values_supported).toEqual(['ES256']);
    const raw = await fetch(`${example.base}/.well-known/openid-configuration`);
    expect(raw.status).toBe(200);
  });

  it('rule 39: prompt=none without a session never shows the login page: login_required at the client', async () => {
    const request = await authorizationRequest({ prompt: 'none' });
    const res = await fetch(request.url, { redirect: 'manual' });
    expect(res.status).toBe(302);
    const callback = new URL(res.headers.get('location')!);
    expect(`${callback.origin}${callback.pathname}`).toBe(`${example.base}/callback`);
    expect(callback.searchParams.get('error')).toBe('login_required');
    expect(callback.searchParams.get('state')).toBe(request.state);
  });

  const browser: Browser = { cookie: '' };
  let firstAuthTime = 0;

  it('code flow with PKCE and nonce through the login and consent pages: the ID token verifies against /jwks with the seed claims; UserInfo answers them', async () => {
    const request = await authorizationRequest();
    const login = await open(browser, request.url);
    expect(login).not.toBeNull();
    const before = seconds();
    const back = await signIn(browser, login!);
    const after = seconds();
    expect(back).toBe(request.url.href);
    const callback = await allow(browser, back);
    expect(callback.searchParams.get('iss')).toBe(example.issuer);
    const tokens = await exchange(callback, request);

    const claims = await verifiedIdToken(tokens.id_token!);
    expect(claims).toMatchObject({
      sub: userIdFor('alice'),
      aud: 'e2e-app',
      nonce: request.nonce,
      name: ALICE.name,
      email: ALICE.email,
      amr: ['pwd'],
    });
    expect(claims.auth_time).toBeGreaterThanOrEqual(before);
    expect(claims.auth_time).toBeLessThanOrEqual(after);
    firstAuthTime = claims.auth_time as number;

    const info = await oidc.fetchUserInfo(config, tokens.access_token, userIdFor('alice'));
    expect(info).toEqual({ sub: userIdFor('alice'), ...ALICE });
  });

  it('a signed-in session goes straight to consent; auth_time stays the sign-in time (max_age not exceeded)', async () => {
    const request = await authorizationRequest({ max_age: '3600' });
    expect(await open(browser, request.url)).toBeNull();
    const tokens = await exchange(await allow(browser, request.url.href), request, 3600);
    expect((await verifiedIdToken(tokens.id_token!)).auth_time).toBe(firstAuthTime);
  });

  for (const extra of [{ prompt: 'login' }, { max_age: '0' }] as Record<string, string>[]) {
    const what = Object.entries(extra)[0]!.join('=');
    it(`${what}: the signed-in user is sent to the login page again; the new sign-in is the ID token's auth_time`, async () => {
      const request = await authorizationRequest(extra);
      const login = await open(browser, request.url);
      expect(login).not.toBeNull();
      const before = seconds();
      const back = await signIn(browser, login!);
      const tokens = await exchange(
        await allow(browser, back),
        request,
        extra.max_age === undefined ? undefined : 0,
      );
      const authTime = (await verifiedIdToken(tokens.id_token!)).auth_time as number;
      expect(authTime).toBeGreaterThanOrEqual(before);
    });

    it(`${what}: an approval posted without signing in again is login_required`, async () => {
      const request = await authorizationRequest(extra);
      // The consent form of another request, posted to this one with the session's token.
      const page = await fetch(`${example.base}${await consentPath()}`, {
        headers: { cookie: browser.cookie },
      });
      const csrf = csrfOf(await page.text());
      const res = await fetch(request.url, {
        method: 'POST',
        redirect: 'manual',
        headers: { cookie: browser.cookie, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ csrf, decision: 'allow' }),
      });
      expect(res.status).toBe(302);
      const callback = new URL(res.headers.get('location')!);
      expect(callback.searchParams.get('error')).toBe('login_required');
      expect(callback.searchParams.get('state')).toBe(request.state);
      expect(callback.searchParams.has('code')).toBe(false);
    });
  }

  /** A plain authorization request of this session: its consent page carries the CSRF token. */
  async function consentPath(): Promise<string> {
    const { url } = await authorizationRequest();
    return `${url.pathname}${url.search}`;
  }
});
