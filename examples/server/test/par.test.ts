import { s256Challenge } from '@oauthkit/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startExample } from './start-example.js';

let example: Awaited<ReturnType<typeof startExample>>;
beforeAll(async () => {
  example = await startExample();
});
afterAll(() => example?.close());

const csrfOf = (html: string) => /name="csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
const cookieOf = (res: Response) => res.headers.get('set-cookie')?.split(';')[0] ?? '';

async function login(next: string): Promise<string> {
  const form = await fetch(`${example.base}/login?next=${encodeURIComponent(next)}`);
  const csrf = csrfOf(await form.text());
  const res = await fetch(`${example.base}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: cookieOf(form), 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ csrf, next, username: 'alice', password: 'wonderland-42' }),
  });
  expect(res.status).toBe(303);
  return cookieOf(res);
}

describe('example server: pushed authorization requests', () => {
  it('publishes /par, takes a pushed request, and uses its request_uri once', async () => {
    const metadata = await (
      await fetch(`${example.base}/.well-known/oauth-authorization-server`)
    ).json();
    expect(metadata.pushed_authorization_request_endpoint).toBe(`${example.issuer}/par`);
    const verifier = 'y'.repeat(43);
    const pushed = await fetch(`${example.base}/par`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        client_id: 'e2e-app',
        response_type: 'code',
        redirect_uri: `${example.base}/callback`,
        scope: 'profile',
        state: 'pushed-state',
        code_challenge: s256Challenge(verifier),
        code_challenge_method: 'S256',
      }),
    });
    expect(pushed.status).toBe(201);
    const { request_uri } = await pushed.json();
    const path = `/authorize?${new URLSearchParams({ client_id: 'e2e-app', request_uri })}`;
    const cookie = await login(path);
    const page = await fetch(`${example.base}${path}`, { headers: { cookie } });
    expect(page.status).toBe(200);
    const csrf = csrfOf(await page.text());
    const decided = await fetch(`${example.base}${path}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ csrf, decision: 'allow' }),
    });
    expect(decided.status).toBe(302);
    const callback = new URL(decided.headers.get('location')!);
    expect(callback.searchParams.get('state')).toBe('pushed-state');
    const token = await fetch(`${example.base}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        client_id: 'e2e-app',
        code: callback.searchParams.get('code')!,
        redirect_uri: `${example.base}/callback`,
        code_verifier: verifier,
      }),
    });
    expect(token.status).toBe(200);
    const again = await fetch(`${example.base}${path}`, { headers: { cookie } });
    expect(again.status).toBe(400);
  });
});
