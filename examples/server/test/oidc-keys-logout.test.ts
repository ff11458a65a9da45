import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSigningKeySet, generateSigningJwk, s256Challenge } from '@oauthkit/core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { userIdFor } from '../src/users.js';
import { startExample } from './start-example.js';

type Example = Awaited<ReturnType<typeof startExample>>;

const csrfOf = (html: string) => /name="csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
const cookieOf = (res: Response) => res.headers.get('set-cookie')?.split(';')[0] ?? '';

async function jwks(example: Example): Promise<Record<string, unknown>[]> {
  const res = await fetch(`${example.base}/jwks`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { keys: Record<string, unknown>[] }).keys;
}

describe('example signing keys', () => {
  const dir = mkdtempSync(join(tmpdir(), 'oauthkit-example-keys-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('are generated once into the data folder (0600), served at /jwks, and reused on restart; never printed', async () => {
    const printed: string[] = [];
    const spies = (['log', 'info', 'warn', 'error'] as const).map((level) =>
      vi.spyOn(console, level).mockImplementation((...args) => {
        printed.push(args.map(String).join(' '));
      }),
    );
    let first: Example | null = await startExample({}, { dir });
    let file: string;
    let stored: { keys: Record<string, unknown>[] };
    try {
      file = first.keysFile;
      expect(statSync(file).mode & 0o777).toBe(0o600);
      stored = JSON.parse(readFileSync(file, 'utf8'));
      expect(stored.keys).toHaveLength(1);
      expect(stored.keys[0]).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256' });
      const published = await jwks(first);
      expect(published.map((k) => k.kid)).toEqual([stored.keys[0]!.kid]);
      expect(published[0]).not.toHaveProperty('d');
      const metadata = (await (
        await fetch(`${first.base}/.well-known/oauth-authorization-server`)
      ).json()) as Record<string, unknown>;
      expect(metadata.jwks_uri).toBe(`${first.base}/jwks`);
      await first.close();
      first = null;

      const again = await startExample({}, { dir });
      try {
        expect(readFileSync(file, 'utf8')).toBe(`${JSON.stringify(stored, null, 2)}\n`);
        expect((await jwks(again)).map((k) => k.kid)).toEqual([stored.keys[0]!.kid]);
      } finally {
        await again.close();
      }
    } finally {
      await first?.close();
      for (const spy of spies) spy.mockRestore();
    }
    const secret = String(stored.keys[0]!.d);
    expect(printed.join('\n')).not.toContain(secret);
  });

  it('a key file others can read is refused at start', async () => {
    const own = mkdtempSync(join(tmpdir(), 'oauthkit-example-keys-'));
    try {
      const example = await startExample({}, { dir: own });
      await example.close();
      chmodSync(example.keysFile, 0o644);
      await expect(startExample({}, { dir: own })).rejects.toThrow(/chmod 600/);
    } finally {
      rmSync(own, { recursive: true, force: true });
    }
  });

  it('come from the seed when it lists signingKeys, and then no key file is written', async () => {
    const jwk = await generateSigningJwk('ES256', { kid: 'seed-key-1' });
    const example = await startExample({}, { seed: { signingKeys: [jwk] } });
    try {
      expect((await jwks(example)).map((k) => k.kid)).toEqual(['seed-key-1']);
      expect(() => statSync(example.keysFile)).toThrow();
    } finally {
      await example.close();
    }
  });
});

describe('example logout (end-session endpoint)', () => {
  let example: Example;
  let sign: (sub: string) => Promise<string>;
  beforeAll(async () => {
    const jwk = await generateSigningJwk('ES256');
    const keys = await createSigningKeySet([jwk]);
    example = await startExample({}, { seed: { signingKeys: [jwk] } });
    sign = (sub) => {
      const now = Math.floor(Date.now() / 1000);
      return keys.sign(
        { iss: example.issuer, sub, aud: 'e2e-app', iat: now - 3600, exp: now - 60 },
        { typ: 'JWT' },
      );
    };
  });
  afterAll(() => example?.close());

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

  /** Whether `cookie` is still a logged-in session: the authorize request shows consent. */
  async function signedIn(cookie: string): Promise<boolean> {
    const path = `/authorize?${new URLSearchParams({
      response_type: 'code',
      client_id: 'e2e-app',
      redirect_uri: `${example.base}/callback`,
      scope: 'profile',
      code_challenge: s256Challenge('z'.repeat(43)),
      code_challenge_method: 'S256',
    })}`;
    const res = await fetch(`${example.base}${path}`, { headers: { cookie }, redirect: 'manual' });
    if (res.status === 200) return true;
    expect(res.headers.get('location')).toMatch(/^\/login\?next=/);
    return false;
  }

  const back = () => `${example.base}/`;
  const state = 'bye 1+/é&=%20';

  it('with an id_token_hint (expired is fine): clears the session and redirects with state', async () => {
    const cookie = await login();
    expect(await signedIn(cookie)).toBe(true);
    const params = new URLSearchParams({
      id_token_hint: await sign(userIdFor('alice')),
      post_logout_redirect_uri: back(),
      state,
    });
    const res = await fetch(`${example.base}/logout?${params}`, {
      headers: { cookie },
      redirect: 'manual',
    });
    expect(res.status).toBe(303);
    const location = new URL(res.headers.get('location')!);
    expect(`${location.origin}${location.pathname}`).toBe(back());
    expect(location.searchParams.get('state')).toBe(state);
    expect(res.headers.get('set-cookie')).toMatch(/Max-Age=0/);
    expect(await signedIn(cookie)).toBe(false);
  });

  it('a hint for another user leaves this session alone', async () => {
    const cookie = await login();
    const params = new URLSearchParams({ id_token_hint: await sign(userIdFor('mallory')) });
    const res = await fetch(`${example.base}/logout?${params}`, { headers: { cookie } });
    expect(res.status).toBe(200);
    expect(await signedIn(cookie)).toBe(true);
  });

  it('without a hint: a confirmation page; a cross-site POST changes nothing, our own origin signs out', async () => {
    const cookie = await login();
    const fields = { client_id: 'e2e-app', post_logout_redirect_uri: back(), state };
    const page = await fetch(`${example.base}/logout?${new URLSearchParams(fields)}`, {
      headers: { cookie },
    });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('name="confirm" value="yes"');
    expect(await signedIn(cookie)).toBe(true);
    const post = (headers: Record<string, string>) =>
      fetch(`${example.base}/logout`, {
        method: 'POST',
        redirect: 'manual',
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', ...headers },
        body: new URLSearchParams({ ...fields, confirm: 'yes' }),
      });
    const forged = await post({ 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' });
    expect(forged.status).toBe(200);
    expect(await signedIn(cookie)).toBe(true);
    const confirmed = await post({ 'sec-fetch-site': 'same-origin', origin: example.base });
    expect(confirmed.status).toBe(303);
    expect(new URL(confirmed.headers.get('location')!).searchParams.get('state')).toBe(state);
    expect(await signedIn(cookie)).toBe(false);
  });

  it('an unregistered post_logout_redirect_uri is answered directly and ends nothing', async () => {
    const cookie = await login();
    const params = new URLSearchParams({
      id_token_hint: await sign(userIdFor('alice')),
      post_logout_redirect_uri: 'https://evil.example/',
    });
    const res = await fetch(`${example.base}/logout?${params}`, {
      headers: { cookie },
      redirect: 'manual',
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('location')).toBeNull();
    expect(await signedIn(cookie)).toBe(true);
  });
});
