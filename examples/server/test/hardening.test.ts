import { statSync } from 'node:fs';
import { s256Challenge } from '@oauthkit/core';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sameOriginNext } from '../src/safe-next.js';
import { createSessions } from '../src/sessions.js';
import { startExample } from './start-example.js';

type Example = Awaited<ReturnType<typeof startExample>>;

const csrfOf = (html: string) => /name="csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
const cookieOf = (res: Response) => res.headers.get('set-cookie')?.split(';')[0] ?? '';

/** A login form's cookie and CSRF token. */
async function loginForm(example: Example) {
  const form = await fetch(`${example.base}/login`);
  return { cookie: cookieOf(form), csrf: csrfOf(await form.text()) };
}

async function postLogin(
  example: Example,
  fields: Record<string, string>,
  headers: Record<string, string> = {},
) {
  const { cookie, csrf } = await loginForm(example);
  return fetch(`${example.base}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams({ csrf, username: 'alice', password: 'wonderland-42', ...fields }),
  });
}

const verifier = 'y'.repeat(43);
const authorizePath = () =>
  `/authorize?${new URLSearchParams({
    response_type: 'code',
    client_id: 'e2e-app',
    redirect_uri: 'CALLBACK',
    scope: 'profile',
    state: 's',
    code_challenge: s256Challenge(verifier),
    code_challenge_method: 'S256',
  })}`;

/** Logs alice in and opens the consent page: resolves what a consent POST needs. */
async function consentForm(example: Example) {
  const login = await postLogin(example, {});
  const cookie = cookieOf(login);
  const path = authorizePath().replace('CALLBACK', encodeURIComponent(`${example.base}/callback`));
  const page = await fetch(`${example.base}${path}`, { headers: { cookie } });
  expect(page.status).toBe(200);
  const csrf = csrfOf(await page.text());
  const post = (headers: Record<string, string> = {}) =>
    fetch(`${example.base}${path}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body: new URLSearchParams({ csrf, decision: 'allow' }),
    });
  return { post };
}

describe('example server hardening', () => {
  let example: Example;
  beforeAll(async () => {
    example = await startExample({ authorizationCodeExpiresIn: 1, expiredRecordCleanupSeconds: 1 });
  });
  afterAll(() => example?.close());

  // SECURITY.md rule 32, issue: `next=/\t/evil.example` went off-site, non-ASCII crashed.
  const hostileNext = [
    '/\t/evil.example',
    '/\n/evil.example',
    '/\r\n/evil.example',
    '\t//evil.example',
    '/\\evil.example',
    '\\\\evil.example',
    '/\\/evil.example',
    '//evil.example',
    '///evil.example',
    '/.//evil.example',
    '/\t\\evil.example',
    'https://evil.example/',
    'http:evil.example',
    'javascript:alert(1)',
    ' /\t/evil.example',
    '//evil.example@127.0.0.1/',
    '/%09/evil.example',
    '/%5Cevil.example',
    '/é/ü?q=文#🚀',
    '/\u0000\u0001\u001f\u007f',
    '/\u2028/evil.example',
    '/\uff0f\uff0fevil.example',
    `/${'a'.repeat(4000)}`,
  ];
  describe('rule 32: redirects after login stay on the origin', () => {
    for (const next of hostileNext) {
      it(`after login, next=${JSON.stringify(next).slice(0, 60)} stays on the origin`, async () => {
        const res = await postLogin(example, { next });
        expect(res.status).toBe(303);
        const location = res.headers.get('location')!;
        // Resolved the way a browser resolves a Location header: the WHATWG URL parser.
        expect(new URL(location, example.base).origin).toBe(example.base);
        expect(location).toMatch(/^[\x21-\x7e]+$/);
      });
    }
  });

  it('keeps a same-origin next, path, query and fragment', () => {
    expect(sameOriginNext('/authorize?a=1&b=%20#f', 'https://as.example')).toBe(
      'https://as.example/authorize?a=1&b=%20#f',
    );
    expect(sameOriginNext(null, 'https://as.example')).toBe('https://as.example/');
  });

  it('the login form carries next as a same-origin path', async () => {
    const res = await fetch(`${example.base}/login?next=${encodeURIComponent('/\t/evil.example')}`);
    const next = /name="next" value="([^"]*)"/.exec(await res.text())?.[1];
    expect(new URL(next!, example.base).origin).toBe(example.base);
  });

  it('a login without the CSRF token, or posted cross-site, is 403 and logs nobody in', async () => {
    for (const [fields, headers] of [
      [{ csrf: '' }, {}],
      [{ csrf: 'forged' }, {}],
      [{}, { origin: 'https://evil.example' }],
      [{}, { 'sec-fetch-site': 'cross-site' }],
      [{}, { 'sec-fetch-site': 'same-site' }],
    ] as [Record<string, string>, Record<string, string>][]) {
      const res = await postLogin(example, fields, headers);
      expect(res.status, JSON.stringify([fields, headers])).toBe(403);
      expect(res.headers.get('location')).toBeNull();
    }
    expect((await postLogin(example, {}, { origin: 'null' })).status).toBe(303);
    expect((await postLogin(example, {}, { origin: example.base })).status).toBe(303);
  });

  it('a consent POST from another site is a denial, even with the right token', async () => {
    const crossSite: Record<string, string>[] = [
      { origin: 'https://evil.example' },
      { 'sec-fetch-site': 'cross-site' },
    ];
    for (const headers of crossSite) {
      const { post } = await consentForm(example);
      const res = await post(headers);
      expect(new URL(res.headers.get('location')!).searchParams.get('error')).toBe('access_denied');
    }
  });

  it('login issues a new session id (fixation) with HttpOnly, SameSite=Lax, Path=/', async () => {
    const { cookie, csrf } = await loginForm(example);
    const res = await fetch(`${example.base}/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ csrf, username: 'alice', password: 'wonderland-42' }),
    });
    const setCookie = res.headers.get('set-cookie')!;
    expect(setCookie.split(';')[0]).not.toBe(cookie);
    expect(setCookie).toMatch(/; HttpOnly/);
    expect(setCookie).toMatch(/; SameSite=Lax/);
    expect(setCookie).toMatch(/; Path=\//);
  });

  it('database files are readable by their owner only', () => {
    for (const file of [example.dbFile, `${example.dbFile}-wal`]) {
      expect((statSync(file).mode & 0o777).toString(8), file).toBe('600');
    }
  });

  it('a write waiting for another connection does not stall other requests', async () => {
    const { post } = await consentForm(example);
    const other = new Database(example.dbFile);
    other.exec('BEGIN IMMEDIATE');
    try {
      const started = Date.now();
      const write = post();
      const home = await fetch(`${example.base}/`);
      expect(home.status).toBe(200);
      expect(Date.now() - started).toBeLessThan(1000);
      const res = await write;
      // The store failed closed: no code was issued.
      expect(res.headers.get('location') ?? '').not.toMatch(/[?&]code=/);
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    const { post: again } = await consentForm(example);
    const res = await again();
    expect(new URL(res.headers.get('location')!).searchParams.get('code')).toBeTruthy();
  });

  it('expired codes are deleted on a timer', async () => {
    const { post } = await consentForm(example);
    expect(new URL((await post()).headers.get('location')!).searchParams.get('code')).toBeTruthy();
    const count = () => {
      const db = new Database(example.dbFile, { readonly: true });
      try {
        return (
          db.prepare('select count(*) as n from oauth_authorization_codes').get() as {
            n: number;
          }
        ).n;
      } finally {
        db.close();
      }
    };
    expect(count()).toBeGreaterThan(0);
    await expect.poll(count, { timeout: 5000, interval: 250 }).toBe(0);
  });
});

describe('example login rate limit (SECURITY.md rule 31)', () => {
  let example: Example;
  beforeAll(async () => {
    example = await startExample();
  });
  afterAll(() => example?.close());

  it('ten failures for a username: then 429 with one answer, right password or not', async () => {
    for (let i = 0; i < 10; i++) {
      expect((await postLogin(example, { username: 'mallory', password: `x${i}` })).status).toBe(
        401,
      );
    }
    const wrong = await postLogin(example, { username: 'mallory', password: 'y' });
    const wrongBody = (await wrong.text()).replace(/value="[^"]+"/g, '');
    expect(wrong.status).toBe(429);
    expect(wrong.headers.get('retry-after')).toBeTruthy();
    expect(wrongBody).not.toContain('Wrong username or password');
    // Another username from the same address still logs in.
    expect((await postLogin(example, {})).status).toBe(303);
  });

  it('failures per address: then even alice with her password gets the same 429', async () => {
    for (let i = 0; i < 40; i++) await postLogin(example, { username: `u${i}`, password: 'x' });
    const res = await postLogin(example, {});
    expect(res.status).toBe(429);
    const body = (await res.text()).replace(/value="[^"]+"/g, '');
    const other = await postLogin(example, { username: 'mallory', password: 'y' });
    expect((await other.text()).replace(/value="[^"]+"/g, '')).toBe(body);
  });
});

describe('sessions are bounded (issue: 30,000 GET /login grew the process for good)', () => {
  it('keeps at most maxSessions, oldest evicted first, and expires anonymous ones', () => {
    let now = 0;
    const sessions = createSessions({ secure: false, maxSessions: 100, now: () => now });
    const first = sessions.get(null);
    for (let i = 0; i < 30_000; i++) sessions.get(null);
    expect(sessions.size).toBe(100);
    expect(sessions.peek(first.setCookie!.split(';')[0])).toBeNull();
    const last = sessions.get(null);
    expect(sessions.peek(last.setCookie!.split(';')[0])).not.toBeNull();
    now = 10 * 60 * 1000;
    expect(sessions.peek(last.setCookie!.split(';')[0])).toBeNull();
    expect(sessions.sweep()).toBe(99);
    expect(sessions.size).toBe(0);
  });

  it('a logged-in session lives an hour; over https the cookie is __Host- and Secure', () => {
    let now = 0;
    const sessions = createSessions({ secure: true, now: () => now });
    const anonymous = sessions.get(null);
    expect(anonymous.setCookie).toMatch(
      /^__Host-oauthkit_example_sid=[^;]+; Path=\/; HttpOnly; SameSite=Lax; Max-Age=600; Secure$/,
    );
    const { setCookie } = sessions.login(anonymous.session, 'u1');
    expect(setCookie).toMatch(/Max-Age=3600; Secure$/);
    now = 59 * 60 * 1000;
    expect(sessions.peek(setCookie.split(';')[0])?.userId).toBe('u1');
    expect(sessions.peek(anonymous.setCookie!.split(';')[0])).toBeNull();
  });
});
