import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { DEVICE_CODE_GRANT_TYPE, s256Challenge } from '@oauthkit/core';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import * as oidc from 'openid-client';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { userIdFor } from '../src/users.js';
import { startDevice } from './device-client.js';
import { freePort, startExample } from './start-example.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const skip = existsSync(CHROMIUM)
  ? undefined
  : `no Chromium at ${CHROMIUM} (apt-get install chromium)`;
if (skip) console.warn(`[example-server] browser end-to-end test skipped: ${skip}`);

describe.skipIf(skip !== undefined)('example server in headless Chromium', () => {
  let example: Awaited<ReturnType<typeof startExample>>;
  let browser: Browser;
  let rp: Server;
  let rpBase: string;

  beforeAll(async () => {
    const rpPort = await freePort();
    rpBase = `http://127.0.0.1:${rpPort}`;
    example = await startExample(
      { deviceAuthorization: { intervalSeconds: 1 } },
      {
        client: (base) => ({
          grant_types: ['authorization_code', 'refresh_token', DEVICE_CODE_GRANT_TYPE],
          redirect_uris: [`${base}/callback`, `${rpBase}/cb`],
          post_logout_redirect_uris: [`${base}/`, `${rpBase}/signed-out`],
        }),
      },
    );
    rp = await startRelyingParty(example.base, rpPort);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => rp?.close(resolve));
    await example?.close();
  });

  const authorizeUrl = (state: string, verifier: string) =>
    `${example.base}/authorize?${new URLSearchParams({
      response_type: 'code',
      client_id: 'e2e-app',
      redirect_uri: `${example.base}/callback`,
      scope: 'profile',
      state,
      code_challenge: s256Challenge(verifier),
      code_challenge_method: 'S256',
    })}`;

  it('logs in, allows consent and completes authorization code + PKCE, then denies a second time', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const verifier = 'v'.repeat(20) + Math.random().toString(36).slice(2).padEnd(30, 'x');
    const state = 'st<&>"\' 1';

    await page.goto(authorizeUrl(state, verifier));
    expect(new URL(page.url()).pathname).toBe('/login');
    await page.fill('input[name=username]', 'alice');
    await page.fill('input[name=password]', 'wrong-password');
    await page.click('button[type=submit]');
    await expect.poll(() => page.textContent('body')).toContain('Wrong username or password');

    await page.fill('input[name=username]', 'alice');
    await page.fill('input[name=password]', 'wonderland-42');
    await page.click('button[type=submit]');
    await page.waitForSelector('button[value=allow]');
    const consent = await page.textContent('body');
    expect(consent).toContain('E2E App');
    expect(consent).toContain('profile');
    expect(await page.textContent('button[value=allow]')).toBe('Allow');
    expect(await page.textContent('button[value=deny]')).toBe('Deny');

    await page.click('button[value=allow]');
    await page.waitForURL((u) => u.pathname === '/callback');
    const callback = new URL(page.url());
    expect(callback.searchParams.get('state')).toBe(state);
    expect(callback.searchParams.get('iss')).toBe(example.issuer);
    const code = callback.searchParams.get('code');
    expect(code).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const tokenResponse = await fetch(`${example.base}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code: code!,
        redirect_uri: `${example.base}/callback`,
        client_id: 'e2e-app',
        code_verifier: verifier,
      }),
    });
    expect(tokenResponse.status).toBe(200);
    const token = (await tokenResponse.json()) as { access_token: string; scope: string };
    expect(token.scope).toBe('profile');
    const me = await fetch(`${example.base}/api/me`, {
      headers: { authorization: `Bearer ${token.access_token}` },
    });
    expect(me.status).toBe(200);
    expect(await me.json()).toEqual({ sub: expect.stringMatching(/^user_/), username: 'alice' });

    // Second authorization in the same browser session: straight to consent, then Deny.
    await page.goto(authorizeUrl('second', verifier));
    await page.waitForSelector('button[value=deny]');
    await page.click('button[value=deny]');
    await page.waitForURL((u) => u.pathname === '/callback');
    const denied = new URL(page.url());
    expect(denied.searchParams.get('error')).toBe('access_denied');
    expect(denied.searchParams.get('state')).toBe('second');
    expect(denied.searchParams.get('iss')).toBe(example.issuer);
    expect(denied.searchParams.has('code')).toBe(false);
    await context.close();
  });

  it('signs out at /logout: a form from another site cannot, the confirmation page can', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${example.base}/login`);
    await page.fill('input[name=username]', 'alice');
    await page.fill('input[name=password]', 'wonderland-42');
    await page.click('button[type=submit]');
    await page.waitForURL((u) => u.pathname === '/');
    const signedIn = async () => {
      await page.goto(authorizeUrl('check', 'w'.repeat(43)));
      return new URL(page.url()).pathname !== '/login';
    };
    expect(await signedIn()).toBe(true);

    const fields = {
      client_id: 'e2e-app',
      post_logout_redirect_uri: `${example.base}/`,
      state: 'bye <&> 1',
    };
    // Another site posts the confirmation itself: the browser says cross-site, so it only
    // gets the question.
    const hidden = Object.entries({ ...fields, confirm: 'yes' })
      .map(([k, v]) => `<input type="hidden" name="${k}" value="${v.replace(/[&<>"]/g, '')}">`)
      .join('');
    await page.goto('about:blank'); // an opaque origin: no document of this server's
    await page.setContent(
      `<form method="post" action="${example.base}/logout">${hidden}<button>go</button></form>`,
    );
    await page.click('button');
    await page.waitForURL((u) => u.protocol === 'http:');
    expect(new URL(page.url()).pathname).toBe('/logout');
    expect(await page.textContent('button[value=yes]')).toBe('Sign out');
    expect(await signedIn()).toBe(true);

    await page.goto(`${example.base}/logout?${new URLSearchParams(fields)}`);
    expect(await page.textContent('button[value=yes]')).toBe('Sign out');
    expect(await page.textContent('button[value=no]')).toBe('Stay signed in');
    await page.click('button[value=yes]');
    await page.waitForURL((u) => u.searchParams.has('state'));
    const back = new URL(page.url());
    expect(`${back.origin}${back.pathname}`).toBe(`${example.base}/`);
    expect(back.searchParams.get('state')).toBe(fields.state);
    expect(await signedIn()).toBe(false);
    await context.close();
  });

  it('connects a device: code typed loosely, login, Allow, and the polling device gets its token', async () => {
    const device = await startDevice(example.base, 'e2e-app');
    const polling = device.poll();
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(device.authorization.verification_uri);
    expect(await page.textContent('button[type=submit]')).toBe('Continue');
    // Typed in lowercase and without the dash: the server normalises it.
    await page.fill(
      'input[name=user_code]',
      device.authorization.user_code.toLowerCase().replace('-', ''),
    );
    await page.click('button[type=submit]');
    await page.waitForURL((u) => u.pathname === '/login');
    await page.fill('input[name=username]', 'alice');
    await page.fill('input[name=password]', 'wonderland-42');
    await page.click('button[type=submit]');
    await page.waitForSelector('button[value=allow]');
    const consent = await page.textContent('body');
    expect(consent).toContain('E2E App');
    expect(consent).toContain(device.authorization.user_code);
    await page.click('button[value=allow]');
    await expect
      .poll(() => page.textContent('body'))
      .toContain('You may now continue on your device');

    const tokens = await polling;
    if ('error' in tokens) throw new Error(`no tokens: ${tokens.error}`);
    const me = await fetch(`${example.base}/api/me`, {
      headers: { authorization: `Bearer ${tokens.access_token}` },
    });
    expect(await me.json()).toMatchObject({ username: 'alice' });
    await context.close();
  });

  it('signs in to a relying party with OpenID Connect, shows the ID token, then logs out with id_token_hint', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${rpBase}/start`);
    expect(new URL(page.url()).pathname).toBe('/login');
    await page.fill('input[name=username]', 'alice');
    await page.fill('input[name=password]', 'wonderland-42');
    await page.click('button[type=submit]');
    await page.waitForSelector('button[value=allow]');
    expect(await page.textContent('body')).toContain('openid');
    await page.click('button[value=allow]');
    await page.waitForURL((u) => u.origin === rpBase && u.pathname === '/cb');
    expect(await page.textContent('#sub')).toBe(userIdFor('alice'));
    expect(await page.textContent('#name')).toBe('Alice Liddell');

    // RP-Initiated Logout with the ID token as the hint: no question asked, back to the RP.
    await page.click('a#logout');
    await page.waitForURL((u) => u.origin === rpBase && u.pathname === '/signed-out');
    expect(new URL(page.url()).searchParams.get('state')).toBe('rp-bye');
    await page.goto(authorizeUrl('after-logout', 'u'.repeat(43)));
    expect(new URL(page.url()).pathname).toBe('/login');
    await context.close();
  });
});

/**
 * A tiny relying party on 127.0.0.1 built on openid-client: `/start` sends the browser to the
 * example, `/cb` redeems the code, verifies the ID token against the published JWKS and shows
 * its `sub` and `name`, with a link that logs out at the example (`id_token_hint`,
 * `post_logout_redirect_uri`, `state`); `/signed-out` is where the example sends it back.
 */
async function startRelyingParty(issuer: string, port: number): Promise<Server> {
  const base = `http://127.0.0.1:${port}`;
  const config = await oidc.discovery(new URL(issuer), 'e2e-app', undefined, oidc.None(), {
    execute: [oidc.allowInsecureRequests],
  });
  const jwks = createRemoteJWKSet(new URL(config.serverMetadata().jwks_uri!));
  let pending: { verifier: string; nonce: string; state: string } | null = null;
  let idToken = '';
  const html = (body: string) => `<!doctype html><html><body>${body}</body></html>`;
  const escapeText = (v: unknown) => String(v).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', base);
    const answer = async () => {
      if (url.pathname === '/start') {
        pending = {
          verifier: oidc.randomPKCECodeVerifier(),
          nonce: oidc.randomNonce(),
          state: oidc.randomState(),
        };
        const location = oidc.buildAuthorizationUrl(config, {
          redirect_uri: `${base}/cb`,
          scope: 'openid profile email',
          code_challenge: await oidc.calculatePKCECodeChallenge(pending.verifier),
          code_challenge_method: 'S256',
          nonce: pending.nonce,
          state: pending.state,
          claims: JSON.stringify({ id_token: { name: null } }),
        });
        res.writeHead(302, { location: location.href }).end();
        return;
      }
      if (url.pathname === '/cb' && pending) {
        const tokens = await oidc.authorizationCodeGrant(config, url, {
          pkceCodeVerifier: pending.verifier,
          expectedNonce: pending.nonce,
          expectedState: pending.state,
          idTokenExpected: true,
        });
        pending = null;
        idToken = tokens.id_token!;
        const { payload } = await jwtVerify(idToken, jwks, {
          issuer: config.serverMetadata().issuer,
          audience: 'e2e-app',
        });
        const logout = oidc.buildEndSessionUrl(config, {
          id_token_hint: idToken,
          post_logout_redirect_uri: `${base}/signed-out`,
          state: 'rp-bye',
        });
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(
          html(
            `<p>sub <span id="sub">${escapeText(payload.sub)}</span></p><p>name <span id="name">${escapeText(payload.name)}</span></p><a id="logout" href="${escapeText(logout.href)}">Log out</a>`,
          ),
        );
        return;
      }
      if (url.pathname === '/signed-out') {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html('signed out'));
        return;
      }
      res.writeHead(404).end();
    };
    answer().catch((error: unknown) => {
      res.writeHead(500, { 'content-type': 'text/plain' }).end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return server;
}
