import { DEVICE_CODE_GRANT_TYPE } from '@oauthkit/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INVALID_USER_CODE } from '../src/device-page.js';
import { startDevice } from './device-client.js';
import { startExample } from './start-example.js';

let example: Awaited<ReturnType<typeof startExample>>;
beforeAll(async () => {
  example = await startExample(
    { deviceAuthorization: { intervalSeconds: 1 } },
    { client: { grant_types: ['authorization_code', 'refresh_token', DEVICE_CODE_GRANT_TYPE] } },
  );
});
afterAll(() => example?.close());

const csrfOf = (html: string) => /name="csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
const cookieOf = (res: Response) => res.headers.get('set-cookie')?.split(';')[0] ?? '';
const form = { 'content-type': 'application/x-www-form-urlencoded' };

/** Posts the `/device` code form in a fresh browser session, as a user typing `userCode`. */
async function enterCode(userCode: string, cookie?: string) {
  const page = await fetch(`${example.base}/device`, { headers: cookie ? { cookie } : {} });
  expect(page.status).toBe(200);
  const html = await page.text();
  expect(html).toContain('name="user_code"');
  const session = cookie ?? cookieOf(page);
  const res = await fetch(`${example.base}/device`, {
    method: 'POST',
    redirect: 'manual',
    headers: { ...form, cookie: session },
    body: new URLSearchParams({ csrf: csrfOf(html), user_code: userCode }),
  });
  return { res, cookie: session };
}

/** Signs alice in on the login page the device page sent her to; resolves where she lands. */
async function logIn(loginLocation: string, cookie: string) {
  const page = await fetch(new URL(loginLocation, example.base), { headers: { cookie } });
  const next = new URL(loginLocation, example.base).searchParams.get('next')!;
  const res = await fetch(`${example.base}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { ...form, cookie },
    body: new URLSearchParams({
      csrf: csrfOf(await page.text()),
      next,
      username: 'alice',
      password: 'wonderland-42',
    }),
  });
  expect(res.status).toBe(303);
  return { cookie: cookieOf(res), location: res.headers.get('location')! };
}

/** Answers the consent page with the page's own CSRF token; resolves the result page. */
async function answer(consentHtml: string, cookie: string, decision: 'allow' | 'deny') {
  expect(consentHtml).toContain('>Allow</button>');
  expect(consentHtml).toContain('>Deny</button>');
  const userCode = /name="user_code" value="([^"]+)"/.exec(consentHtml)![1]!;
  const res = await fetch(`${example.base}/device`, {
    method: 'POST',
    headers: { ...form, cookie },
    body: new URLSearchParams({ csrf: csrfOf(consentHtml), user_code: userCode, decision }),
  });
  return { status: res.status, html: await res.text() };
}

describe('example server: device flow (RFC 8628)', () => {
  it('publishes the device endpoint with its own /device page', async () => {
    const device = await startDevice(example.base, 'e2e-app');
    expect(device.as.device_authorization_endpoint).toBe(`${example.base}/device_authorization`);
    expect(device.authorization.verification_uri).toBe(`${example.base}/device`);
    expect(device.authorization.user_code).toMatch(/^[B-Z]{4}-[B-Z]{4}$/);
    const prefilled = await fetch(
      `${example.base}/device?user_code=${encodeURIComponent(device.authorization.user_code)}`,
    );
    expect(await prefilled.text()).toContain(`value="${device.authorization.user_code}"`);
  });

  it('approves through the code form, login and consent: the device gets its tokens once', async () => {
    const device = await startDevice(example.base, 'e2e-app');
    const polling = device.poll();
    const { res, cookie } = await enterCode(device.authorization.user_code);
    expect(res.status).toBe(303);
    const loginLocation = res.headers.get('location')!;
    expect(loginLocation).toMatch(/^\/login\?next=%2Fdevice%3F/);
    const signedIn = await logIn(loginLocation, cookie);
    const consent = await fetch(signedIn.location, { headers: { cookie: signedIn.cookie } });
    expect(consent.status).toBe(200);
    const consentHtml = await consent.text();
    expect(consentHtml).toContain('E2E App');
    expect(consentHtml).toContain(device.authorization.user_code);
    const done = await answer(consentHtml, signedIn.cookie, 'allow');
    expect(done.status).toBe(200);
    expect(done.html).toContain('You may now continue on your device');

    const tokens = await polling;
    if ('error' in tokens) throw new Error(`no tokens: ${tokens.error}`);
    expect(tokens.scope).toBe('profile');
    expect(tokens.refresh_token).toBeTypeOf('string');
    const me = await fetch(`${example.base}/api/me`, {
      headers: { authorization: `Bearer ${tokens.access_token}` },
    });
    expect(await me.json()).toMatchObject({ username: 'alice' });
    // Issued once: the same device code never gives tokens again.
    expect(await device.pollOnce()).toEqual({ error: 'invalid_grant' });
    // And the answered code is now as unknown as any other.
    const again = await enterCode(device.authorization.user_code, signedIn.cookie);
    expect(again.res.status).toBe(400);
    expect(await again.res.text()).toContain(INVALID_USER_CODE);
  });

  it('tells the device it was denied', async () => {
    const device = await startDevice(example.base, 'e2e-app');
    const { res, cookie } = await enterCode(device.authorization.user_code);
    const signedIn = await logIn(res.headers.get('location')!, cookie);
    // Signed in now: the code form goes straight to consent.
    const consent = await enterCode(
      device.authorization.user_code.toLowerCase().replace('-', ''),
      signedIn.cookie,
    );
    expect(consent.res.status).toBe(200);
    const denied = await answer(await consent.res.text(), signedIn.cookie, 'deny');
    expect(denied.status).toBe(200);
    expect(denied.html).toContain('The device was denied');
    expect(await device.poll()).toEqual({ error: 'access_denied' });
  });

  it('refuses a code answer without the form CSRF token, deciding nothing', async () => {
    const device = await startDevice(example.base, 'e2e-app');
    const { res, cookie } = await enterCode(device.authorization.user_code);
    const signedIn = await logIn(res.headers.get('location')!, cookie);
    const forged = await fetch(`${example.base}/device`, {
      method: 'POST',
      headers: { ...form, cookie: signedIn.cookie },
      body: new URLSearchParams({
        csrf: 'forged',
        user_code: device.authorization.user_code,
        decision: 'allow',
      }),
    });
    expect(forged.status).toBe(403);
    expect(await device.pollOnce()).toEqual({ error: 'authorization_pending' });
  });

  it('answers one generic message for a wrong, malformed or unknown code', async () => {
    const answers = [];
    for (const code of ['BCDF-GHJK', 'not a code', '']) {
      const { res } = await enterCode(code);
      expect(res.status).toBe(400);
      const html = await res.text();
      expect(html).toContain(INVALID_USER_CODE);
      answers.push(html.replace(/name="csrf" value="[^"]+"/, '').replace(/value="[^"]*"/g, ''));
    }
    expect(new Set(answers).size).toBe(1);
  });

  // Last: it leaves this client address limited.
  it('limits guesses per client address, whatever the session cookie', async () => {
    let status = 400;
    for (let i = 0; i < 60 && status === 400; i++) {
      status = (await enterCode(`BCDF-GH${'BCDFGHJKLMNPQRSTVWXZ'[i % 20]}${i % 2 ? 'K' : 'L'}`)).res
        .status;
    }
    expect(status).toBe(429);
    // A fresh session from the same address is still refused, even with a real code.
    const device = await startDevice(example.base, 'e2e-app');
    const { res } = await enterCode(device.authorization.user_code);
    expect(res.status).toBe(429);
    expect(await res.text()).toContain('Too many attempts');
  });
});
