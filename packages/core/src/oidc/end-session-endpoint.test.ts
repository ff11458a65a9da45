import { UnsecuredJWT } from 'jose';
import * as openid from 'openid-client';
import { beforeAll, describe, expect, test, vi } from 'vitest';
import { createTestServer, ISSUER, registerClient } from '../../test/helpers.js';
import { generateSigningJwk } from '../keys/generate-signing-jwk.js';
import { createSigningKeySet, type SigningKeySet } from '../keys/signing-key-set.js';
import type { AuthorizationServer } from '../server/authorization-server.js';
import {
  createEndSessionEndpoint,
  type EndSessionContext,
  type EndSessionEndpointOptions,
  type EndSessionResult,
} from './end-session-endpoint.js';
import type { LogoutConfirmation } from './end-session-pages.js';
import { signIdToken } from './sign-id-token.js';

const LOGOUT_URL = `${ISSUER}/logout`;
const BACK = 'https://app.example/signed-out';
const now = () => Math.floor(Date.now() / 1000);

let keys: SigningKeySet;
let otherKeys: SigningKeySet;
beforeAll(async () => {
  keys = await createSigningKeySet([await generateSigningJwk('ES256')]);
  otherKeys = await createSigningKeySet([await generateSigningJwk('ES256')]);
});

interface Setup {
  server: AuthorizationServer;
  calls: EndSessionContext[];
  clientId: string;
}

async function setup(
  options: Partial<EndSessionEndpointOptions> & { result?: EndSessionResult } = {},
  serverOptions: Parameters<typeof createTestServer>[0] = {},
): Promise<Setup> {
  const { server, stores } = createTestServer({ signingKeys: keys, ...serverOptions });
  const calls: EndSessionContext[] = [];
  const { result, ...rest } = options;
  server.registerEndpoint(
    createEndSessionEndpoint({
      async endSession(context) {
        calls.push(context);
        return result;
      },
      ...rest,
    }),
  );
  const { clientId } = await registerClient(stores, {
    clientId: 'rp',
    clientName: 'Relying <Party>',
    postLogoutRedirectUris: [BACK, 'javascript:alert(1)'],
  });
  await registerClient(stores, { clientId: 'other-rp', postLogoutRedirectUris: [BACK] });
  return { server, calls, clientId };
}

function hint(
  overrides: { issuer?: string; clientId?: string; issuedAt?: number; set?: SigningKeySet } = {},
) {
  return signIdToken(overrides.set ?? keys, {
    issuer: overrides.issuer ?? ISSUER,
    subject: 'user-1',
    clientId: overrides.clientId ?? 'rp',
    issuedAt: overrides.issuedAt ?? now(),
    expiresIn: 600,
  });
}

const get = (server: AuthorizationServer, params: Record<string, string>) =>
  server.createEndpointResponse(
    'end_session',
    new Request(`${LOGOUT_URL}?${new URLSearchParams(params)}`),
  );

const post = (
  server: AuthorizationServer,
  params: Record<string, string> | string,
  headers: Record<string, string> = {},
) =>
  server.createEndpointResponse(
    'end_session',
    new Request(LOGOUT_URL, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
      body: typeof params === 'string' ? params : new URLSearchParams(params),
    }),
  );

async function expectInvalidRequest(response: Response): Promise<void> {
  expect(response.status).toBe(400);
  expect(response.headers.get('location')).toBeNull();
  expect(((await response.json()) as { error: string }).error).toBe('invalid_request');
}

describe('end-session endpoint (RP-Initiated Logout 1.0)', () => {
  test('is published as end_session_endpoint at /logout, and config.endpoints moves it', async () => {
    const { server } = await setup();
    expect((await server.metadata()).end_session_endpoint).toBe(LOGOUT_URL);
    const moved = await setup({}, { config: { endpoints: { end_session: '/session/end' } } });
    expect((await moved.server.metadata()).end_session_endpoint).toBe(`${ISSUER}/session/end`);
  });

  test('GET with a valid id_token_hint: endSession runs, then 303 to the registered URI with state byte-identical', async () => {
    const { server, calls } = await setup({
      result: { headers: { 'Set-Cookie': 'sid=; Max-Age=0' } },
    });
    const state = 'a b+c/%20&=é';
    const idToken = await hint();
    const response = await get(server, {
      id_token_hint: idToken,
      post_logout_redirect_uri: BACK,
      state,
      ui_locales: 'de fr',
      logout_hint: 'alice',
    });
    expect(response.status).toBe(303);
    const location = new URL(response.headers.get('location')!);
    expect(`${location.origin}${location.pathname}`).toBe(BACK);
    expect(location.searchParams.get('state')).toBe(state);
    expect([...location.searchParams.keys()]).toEqual(['state']);
    expect(response.headers.get('set-cookie')).toBe('sid=; Max-Age=0');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(calls).toHaveLength(1);
    const [call] = calls;
    expect(call!.client?.clientId).toBe('rp');
    expect(call!.sub).toBe('user-1');
    expect(call!.idTokenClaims?.aud).toBe('rp');
    expect(call!.vouchedBy).toBe('id_token_hint');
    expect(call!.uiLocales).toEqual(['de', 'fr']);
    expect(call!.logoutHint).toBe('alice');
    expect(call!.state).toBe(state);
  });

  test('accepts the logout URL openid-client builds from the metadata (hint, client_id, state)', async () => {
    const { server, calls } = await setup();
    const config = new openid.Configuration(
      (await server.metadata()) as unknown as openid.ServerMetadata,
      'rp',
    );
    const url = openid.buildEndSessionUrl(config, {
      id_token_hint: await hint(),
      post_logout_redirect_uri: BACK,
      state: 'from-openid-client',
    });
    expect(url.searchParams.get('client_id')).toBe('rp');
    const response = await server.createEndpointResponse('end_session', new Request(url));
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(`${BACK}?state=from-openid-client`);
    expect(calls[0]?.vouchedBy).toBe('id_token_hint');
  });

  test('POST with a form body works the same', async () => {
    const { server, calls } = await setup();
    const response = await post(server, {
      id_token_hint: await hint(),
      client_id: 'rp',
      post_logout_redirect_uri: BACK,
      state: 's1',
    });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(`${BACK}?state=s1`);
    expect(calls).toHaveLength(1);
  });

  test('without state the registered URI is used as it is; without a redirect, a signed-out page', async () => {
    const { server } = await setup();
    const back = await get(server, { id_token_hint: await hint(), post_logout_redirect_uri: BACK });
    expect(back.headers.get('location')).toBe(BACK);
    const page = await get(server, { id_token_hint: await hint() });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await page.text()).toContain('You are signed out');
  });

  test('an expired id_token_hint is accepted (it "need not be unexpired")', async () => {
    const { server, calls } = await setup();
    const expired = await hint({ issuedAt: now() - 7200 });
    const response = await get(server, { id_token_hint: expired, post_logout_redirect_uri: BACK });
    expect(response.status).toBe(303);
    expect(calls[0]?.sub).toBe('user-1');
  });

  test('an id_token_hint from another issuer, another key, of another type or unsigned is refused', async () => {
    const { server, calls } = await setup();
    const alien = [
      await hint({ issuer: 'https://other.example' }),
      await hint({ set: otherKeys }),
      await keys.sign({ iss: ISSUER, sub: 'user-1', aud: 'rp', iat: now() }, { typ: 'at+jwt' }),
      new UnsecuredJWT({ iss: ISSUER, sub: 'user-1', aud: 'rp' }).encode(),
      'not-a-jwt',
      `${(await hint()).slice(0, -4)}AAAA`,
    ];
    for (const idToken of alien) {
      await expectInvalidRequest(
        await get(server, { id_token_hint: idToken, post_logout_redirect_uri: BACK }),
      );
    }
    expect(calls).toHaveLength(0);
  });

  test('client_id must be the client the id_token_hint was issued to', async () => {
    const { server, calls } = await setup();
    await expectInvalidRequest(
      await get(server, {
        id_token_hint: await hint(),
        client_id: 'other-rp',
        post_logout_redirect_uri: BACK,
      }),
    );
    expect(calls).toHaveLength(0);
  });

  test('a hint with several audiences names its azp; client_id must be that one', async () => {
    const { server, calls } = await setup();
    const idToken = await signIdToken(keys, {
      issuer: ISSUER,
      subject: 'user-1',
      clientId: 'rp',
      additionalAudiences: ['other-rp'],
      issuedAt: now(),
      expiresIn: 600,
    });
    await expectInvalidRequest(
      await get(server, { id_token_hint: idToken, client_id: 'other-rp' }),
    );
    const response = await get(server, { id_token_hint: idToken, post_logout_redirect_uri: BACK });
    expect(response.status).toBe(303);
    expect(calls.map((c) => c.client?.clientId)).toEqual(['rp']);
  });

  test('a server without signing keys refuses every hint as invalid_request, never a 500', async () => {
    const { server, calls } = await setup({}, { signingKeys: undefined });
    await expectInvalidRequest(await get(server, { id_token_hint: await hint() }));
    expect(calls).toHaveLength(0);
  });

  test('the hint of an unknown client, or an unknown client_id, is refused', async () => {
    const { server } = await setup();
    await expectInvalidRequest(
      await get(server, { id_token_hint: await hint({ clientId: 'gone' }) }),
    );
    await expectInvalidRequest(await get(server, { client_id: 'gone' }));
  });

  test('an unregistered post_logout_redirect_uri is refused, never redirected to', async () => {
    const { server, calls } = await setup();
    const idToken = await hint();
    for (const uri of [
      'https://evil.example/',
      `${BACK}/`,
      `${BACK}?x=1`,
      BACK.toUpperCase(),
      `${BACK}#f`,
      'javascript:alert(1)', // registered around the rules: still never a redirect target
    ]) {
      await expectInvalidRequest(
        await get(server, { id_token_hint: idToken, post_logout_redirect_uri: uri, state: 's' }),
      );
    }
    // Registered for another client only.
    await expectInvalidRequest(
      await get(server, {
        id_token_hint: await hint({ clientId: 'other-rp' }),
        post_logout_redirect_uri: 'javascript:alert(1)',
      }),
    );
    expect(calls).toHaveLength(0);
  });

  test('a post_logout_redirect_uri with no client named is refused', async () => {
    const { server } = await setup();
    await expectInvalidRequest(await get(server, { post_logout_redirect_uri: BACK }));
  });

  test('a repeated parameter, a non-form POST and other methods are refused', async () => {
    const { server } = await setup();
    const idToken = await hint();
    const twice = await server.createEndpointResponse(
      'end_session',
      new Request(`${LOGOUT_URL}?id_token_hint=${idToken}&state=a&state=b`),
    );
    await expectInvalidRequest(twice);
    const json = await server.createEndpointResponse(
      'end_session',
      new Request(LOGOUT_URL, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ id_token_hint: idToken }),
      }),
    );
    await expectInvalidRequest(json);
    const put = await server.createEndpointResponse(
      'end_session',
      new Request(LOGOUT_URL, { method: 'PUT' }),
    );
    expect(put.status).toBe(405);
    expect(put.headers.get('allow')).toBe('GET, POST');
  });

  test('a failing client store is 503, and nothing is ended', async () => {
    const { server, calls } = await setup(
      {},
      {
        queryClient: async () => {
          throw new Error('database down');
        },
      },
    );
    const response = await get(server, { client_id: 'rp', post_logout_redirect_uri: BACK });
    expect(response.status).toBe(503);
    expect(calls).toHaveLength(0);
  });

  test('an endSession that answers itself replaces the redirect', async () => {
    const { server } = await setup({
      result: { response: { status: 200, headers: { 'X-Own': '1' }, body: 'mine' } },
    });
    const response = await get(server, {
      id_token_hint: await hint(),
      post_logout_redirect_uri: BACK,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-own')).toBe('1');
    expect(await response.text()).toBe('mine');
  });
});

describe('end-session endpoint: confirmation without an id_token_hint', () => {
  const form = { client_id: 'rp', post_logout_redirect_uri: BACK, state: 's"><b>' };

  test('a GET without a hint never logs out: it shows a confirmation page that cannot be framed', async () => {
    const { server, calls } = await setup();
    const response = await get(server, form);
    expect(response.status).toBe(200);
    expect(calls).toHaveLength(0);
    expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('cache-control')).toBe('no-store');
    const html = await response.text();
    expect(html).toContain('<form method="post" action="/logout">');
    expect(html).toContain('name="confirm" value="yes"');
    expect(html).toContain('value="s&quot;&gt;&lt;b&gt;"');
    expect(html).toContain('Relying &lt;Party&gt;');
    expect(html).not.toContain('<b>');
  });

  test('a cross-site POST, even with confirm=yes, only gets the page', async () => {
    const { server, calls } = await setup();
    const forged: Record<string, string>[] = [
      { 'Sec-Fetch-Site': 'cross-site' },
      { 'Sec-Fetch-Site': 'same-site' },
      { Origin: 'https://evil.example' },
      { Origin: 'null' },
      {},
    ];
    for (const headers of forged) {
      const response = await post(server, { ...form, confirm: 'yes' }, headers);
      expect(response.status).toBe(200);
      expect(response.headers.get('location')).toBeNull();
    }
    expect(calls).toHaveLength(0);
  });

  test('the page posted back from our own origin with confirm=yes logs out and redirects with state', async () => {
    const { server, calls } = await setup();
    const own: Record<string, string>[] = [
      { 'Sec-Fetch-Site': 'same-origin' },
      { Origin: 'https://as.example' },
    ];
    for (const headers of own) {
      const response = await post(server, { ...form, confirm: 'yes' }, headers);
      expect(response.status).toBe(303);
      expect(new URL(response.headers.get('location')!).searchParams.get('state')).toBe(form.state);
    }
    expect(calls.map((c) => c.vouchedBy)).toEqual(['confirmation', 'confirmation']);
    expect(calls[0]?.sub).toBeNull();
  });

  test('confirm=no returns to the client without logging out', async () => {
    const { server, calls } = await setup();
    const response = await post(
      server,
      { ...form, confirm: 'no' },
      { 'Sec-Fetch-Site': 'same-origin' },
    );
    expect(response.status).toBe(303);
    expect(calls).toHaveLength(0);
    const stay = await post(server, { confirm: 'no' }, { 'Sec-Fetch-Site': 'same-origin' });
    expect(await stay.text()).toContain('Still signed in');
  });

  test("confirm: 'always' asks even with a valid hint, and renderConfirmation replaces the page", async () => {
    const render = vi.fn((_input: LogoutConfirmation) => ({
      status: 200,
      headers: {},
      body: 'ask',
    }));
    const { server, calls } = await setup({ confirm: 'always', renderConfirmation: render });
    const idToken = await hint();
    const response = await get(server, { id_token_hint: idToken, post_logout_redirect_uri: BACK });
    expect(await response.text()).toBe('ask');
    expect(render.mock.calls[0]?.[0]).toMatchObject({
      action: '/logout',
      fields: { id_token_hint: idToken, post_logout_redirect_uri: BACK },
      clientName: 'Relying <Party>',
    });
    expect(calls).toHaveLength(0);
    const confirmed = await post(
      server,
      { id_token_hint: idToken, post_logout_redirect_uri: BACK, confirm: 'yes' },
      { 'Sec-Fetch-Site': 'same-origin' },
    );
    expect(confirmed.status).toBe(303);
    expect(calls[0]?.vouchedBy).toBe('confirmation');
  });

  test('createEndSessionEndpoint refuses a missing hook or an unknown confirm mode', () => {
    expect(() => createEndSessionEndpoint({} as never)).toThrow(TypeError);
    expect(() =>
      createEndSessionEndpoint({ endSession: async () => {}, confirm: 'never' as never }),
    ).toThrow(/confirm/);
  });
});
