import { describe, expect, test } from 'vitest';
import type { AuthorizationInteraction } from '../../src/index.js';
import { createFetchHandler } from '../../src/web/fetch-handler.js';
import { AUTHORIZE_URL, codeParams, testUser } from '../helpers.js';
import { createOidcServer, registerOidcClient } from './oidc-fixture.js';

// The bindings' getInteraction hook: how an app using createFetchHandler (and the node,
// Express and Fastify bindings, which share serveEndpoint) meets prompt=login and max_age.

const SIGNED_IN_AT = 1_700_000_000;

async function setup(getInteraction?: () => AuthorizationInteraction | undefined) {
  const { server, stores } = await createOidcServer();
  const client = await registerOidcClient(stores);
  const seen: string[] = [];
  const handler = createFetchHandler(server, {
    getUser: () => testUser(),
    login: () => {
      seen.push('login');
      return new Response('login page', { status: 401 });
    },
    renderConsent: () => {
      seen.push('consent');
      return new Response('consent page');
    },
    getConsent: () => true,
    ...(getInteraction && { getInteraction }),
  });
  const query = (extra: Record<string, string>) =>
    new URLSearchParams(codeParams(client, { scope: 'openid', nonce: 'n-1', ...extra }));
  const get = (extra: Record<string, string>) =>
    handler(new Request(`${AUTHORIZE_URL}?${query(extra)}`));
  const approve = (extra: Record<string, string>) =>
    handler(
      new Request(AUTHORIZE_URL, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: query(extra).toString(),
      }),
    );
  return { stores, seen, get, approve };
}

describe('getInteraction, the bindings hook for the sign-in behind a request', () => {
  test('prompt=login with an older sign-in: the login page, not the consent page', async () => {
    const { seen, get } = await setup(() => ({ session: { authTime: SIGNED_IN_AT } }));
    expect((await get({ prompt: 'login' })).status).toBe(401);
    expect(seen).toEqual(['login']);
  });

  test('max_age shorter than the session: the login page', async () => {
    const { seen, get } = await setup(() => ({ session: { authTime: SIGNED_IN_AT } }));
    await get({ max_age: '60' });
    expect(seen).toEqual(['login']);
  });

  test('after signing in for this request: consent, and the approval carries auth_time with the code', async () => {
    const now = Math.floor(Date.now() / 1000);
    const interaction = {
      session: { authTime: now },
      completed: { login: true },
      extensions: { authTime: now, amr: ['pwd'] },
    };
    const { stores, seen, get, approve } = await setup(() => interaction);
    await get({ prompt: 'login' });
    expect(seen).toEqual(['consent']);
    const response = await approve({ prompt: 'login' });
    expect(response.status).toBe(302);
    expect(new URL(response.headers.get('location')!).searchParams.get('code')).toBeTruthy();
    const [code] = stores.dump().codes;
    expect(code?.extensions).toMatchObject({ authTime: now, amr: ['pwd'] });
  });

  test('an app without getInteraction keeps the old answer: consent, then login_required', async () => {
    const { seen, get, approve } = await setup();
    await get({ prompt: 'login' });
    expect(seen).toEqual(['consent']);
    const response = await approve({ prompt: 'login' });
    const location = new URL(response.headers.get('location')!);
    expect(location.searchParams.get('error')).toBe('login_required');
  });
});
