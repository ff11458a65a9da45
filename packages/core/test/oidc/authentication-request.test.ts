import { decodeJwt } from 'jose';
import { describe, expect, test } from 'vitest';
import {
  type AuthorizationInteraction,
  createFetchHandler,
  createSigningKeySet,
  generateSigningJwk,
  OAuth2Error,
  signIdToken,
  type User,
} from '../../src/index.js';
import {
  authorizeRequest,
  expectErrorRedirect,
  ISSUER,
  pkcePair,
  REDIRECT_URI,
  type TestClient,
  testUser,
} from '../helpers.js';
import {
  authorize,
  createOidcServer,
  exchange,
  registerOidcClient,
  verifyIdToken,
} from './oidc-fixture.js';

// OpenID Connect Core 1.0 3.1.2.1 (authentication request), 3.1.2.6 (errors), 5.5 (claims).

type Server = Awaited<ReturnType<typeof createOidcServer>>['server'];

const now = () => Math.floor(Date.now() / 1000);

function request(client: TestClient, params: Record<string, string> = {}): Request {
  return authorizeRequest({
    response_type: 'code',
    client_id: client.clientId,
    redirect_uri: REDIRECT_URI,
    scope: 'openid',
    state: 'st',
    code_challenge: pkcePair().challenge,
    code_challenge_method: 'S256',
    ...params,
  });
}

/** validateConsentRequest's error, answered as the application would. */
async function consentError(
  server: Server,
  make: () => Request,
  user: User | null,
  interaction?: AuthorizationInteraction,
): Promise<Response> {
  const error = await server.validateConsentRequest(make(), user, interaction).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(OAuth2Error);
  return server.createAuthorizationErrorResponse(error, make());
}

describe('SECURITY 39: prompt=none never shows a page', () => {
  test('no signed-in user: login_required at the redirect URI, with state and iss', async () => {
    const { server, stores } = await createOidcServer();
    const client = await registerOidcClient(stores);
    const make = () => request(client, { prompt: 'none' });
    await expectErrorRedirect(await consentError(server, make, null), {
      error: 'login_required',
      state: 'st',
    });
    await expectErrorRedirect(await server.createAuthorizationResponse(make(), null), {
      error: 'login_required',
      state: 'st',
    });
    expect(stores.dump().codes).toEqual([]);
  });

  test('signed in without consent: consent_required; a pending interaction: interaction_required', async () => {
    const { server, stores } = await createOidcServer();
    const client = await registerOidcClient(stores);
    const make = () => request(client, { prompt: 'none' });
    await expectErrorRedirect(await consentError(server, make, testUser()), {
      error: 'consent_required',
      state: 'st',
    });
    await expectErrorRedirect(
      await consentError(server, make, testUser(), {
        session: { consentGiven: true, pendingInteraction: 'terms' },
      }),
      { error: 'interaction_required', state: 'st' },
    );
  });

  test('signed in with consent: the code is issued without any page', async () => {
    const { server, stores } = await createOidcServer();
    const client = await registerOidcClient(stores);
    const authTime = now() - 5;
    const result = await authorize(server, client, { prompt: 'none' }, testUser(), {
      session: { consentGiven: true, authTime },
    });
    const body = await exchange(server, client, result);
    expect(decodeJwt(body.id_token as string).auth_time).toBe(authTime);
  });

  test('through the Fetch binding: no login page, the redirect carries login_required', async () => {
    const { server, stores } = await createOidcServer();
    const client = await registerOidcClient(stores);
    let pages = 0;
    const handler = createFetchHandler(server, {
      getUser: () => null,
      login: () => {
        pages++;
        return new Response('login page');
      },
      renderConsent: () => {
        pages++;
        return new Response('consent page');
      },
      getConsent: () => true,
    });
    await expectErrorRedirect(await handler(request(client, { prompt: 'none' })), {
      error: 'login_required',
      state: 'st',
    });
    expect(pages).toBe(0);
  });

  test('a malformed prompt or max_age is invalid_request by redirect', async () => {
    const { server, stores } = await createOidcServer();
    const client = await registerOidcClient(stores);
    const cases: Record<string, string>[] = [
      { prompt: 'none login' },
      { prompt: 'always' },
      { max_age: '-1' },
    ];
    for (const params of cases) {
      await expectErrorRedirect(
        await consentError(server, () => request(client, params), testUser()),
        { error: 'invalid_request', state: 'st' },
      );
    }
  });
});

test('a request object (request parameter) is request_not_supported by redirect', async () => {
  const { server, stores } = await createOidcServer();
  const client = await registerOidcClient(stores);
  await expectErrorRedirect(
    await consentError(
      server,
      () => request(client, { request: 'eyJhbGciOiJub25lIn0.e30.' }),
      testUser(),
    ),
    { error: 'request_not_supported', state: 'st' },
  );
});

describe('what validateConsentRequest tells the application', () => {
  test('no user: login; prompt=consent: consent; select_account; login_hint and acr_values passed on', async () => {
    const { server, stores } = await createOidcServer();
    const client = await registerOidcClient(stores);
    const a = await server.validateConsentRequest(
      request(client, { login_hint: 'ada@example.com', acr_values: 'gold silver' }),
      null,
    );
    expect(a.openid?.decision).toMatchObject({ action: 'login', reason: 'no_session' });
    expect(a.openid?.loginHint).toBe('ada@example.com');
    expect(a.openid?.acrValues).toEqual(['gold', 'silver']);
    const b = await server.validateConsentRequest(
      request(client, { prompt: 'consent' }),
      testUser(),
      {
        session: { consentGiven: true },
      },
    );
    expect(b.openid?.decision).toMatchObject({ action: 'consent', reason: 'prompt_consent' });
    const c = await server.validateConsentRequest(
      request(client, { prompt: 'select_account' }),
      testUser(),
    );
    expect(c.openid?.decision.action).toBe('select_account');
    const d = await server.validateConsentRequest(request(client), testUser(), {
      session: { consentGiven: true, authTime: now() },
    });
    expect(d.openid?.decision.action).toBe('proceed');
  });

  test('a plain OAuth request (no openid) carries no openid part', async () => {
    const { server, stores } = await createOidcServer();
    const client = await registerOidcClient(stores);
    const a = await server.validateConsentRequest(request(client, { scope: 'read' }), testUser());
    expect(a.openid).toBeUndefined();
  });
});

describe('max_age and prompt=login (OpenID Connect Core 3.1.2.1)', () => {
  test('a session older than max_age demands a login, and an approval without one is login_required', async () => {
    const { server, stores } = await createOidcServer();
    const client = await registerOidcClient(stores);
    const old = now() - 3600;
    const make = () => request(client, { max_age: '60' });
    const a = await server.validateConsentRequest(make(), testUser(), {
      session: { authTime: old },
    });
    expect(a.openid?.decision).toMatchObject({ action: 'login', reason: 'max_age' });
    expect(a.openid?.maxAge).toBe(60);
    await expectErrorRedirect(
      await server.createAuthorizationResponse(make(), testUser(), { session: { authTime: old } }),
      { error: 'login_required', state: 'st' },
    );
    // Unknown auth_time cannot satisfy max_age either.
    await expectErrorRedirect(await server.createAuthorizationResponse(make(), testUser()), {
      error: 'login_required',
      state: 'st',
    });
    expect(stores.dump().codes).toEqual([]);
  });

  test('max_age=0 forces a new login: auth_time is the new one', async () => {
    const { server, stores } = await createOidcServer();
    const client = await registerOidcClient(stores);
    const old = now() - 10;
    const a = await server.validateConsentRequest(request(client, { max_age: '0' }), testUser(), {
      session: { authTime: old, consentGiven: true },
    });
    expect(a.openid?.decision).toMatchObject({ action: 'login', authTimeRequired: true });
    const before = now();
    const result = await authorize(server, client, { max_age: '0' }, testUser(), {
      completed: { login: true },
    });
    const { payload } = await verifyIdToken(
      server,
      (await exchange(server, client, result)).id_token,
      client.clientId,
    );
    expect(payload.auth_time).toBeGreaterThanOrEqual(before);
  });

  test("the client's default_max_age applies when the request sends none", async () => {
    const { server, stores } = await createOidcServer();
    const client = await registerOidcClient(stores, { defaultMaxAge: 60 });
    const a = await server.validateConsentRequest(request(client), testUser(), {
      session: { authTime: now() - 3600 },
    });
    expect(a.openid?.decision).toMatchObject({ action: 'login', reason: 'max_age' });
  });

  test('prompt=login: an approval that did not sign the user in again is login_required', async () => {
    const { server, stores } = await createOidcServer();
    const client = await registerOidcClient(stores);
    const make = () => request(client, { prompt: 'login' });
    await expectErrorRedirect(
      await server.createAuthorizationResponse(make(), testUser(), {
        extensions: { authTime: now() },
      }),
      { error: 'login_required', state: 'st' },
    );
    const ok = await server.createAuthorizationResponse(make(), testUser(), {
      completed: { login: true },
      extensions: { authTime: now() },
    });
    expect(ok.status).toBe(302);
    expect(new URL(ok.headers.get('location')!).searchParams.get('code')).not.toBeNull();
  });
});

describe('id_token_hint (verified with the key set, expired accepted)', () => {
  function hint(
    keys: Parameters<typeof signIdToken>[0],
    clientId: string,
    sub: string,
    expired = false,
  ): Promise<string> {
    const issuedAt = now() - (expired ? 7200 : 0);
    return signIdToken(keys, { issuer: ISSUER, subject: sub, clientId, issuedAt, expiresIn: 3600 });
  }

  test('an ID token of this server for this client names the subject, even expired', async () => {
    const { server, stores, signingKeys } = await createOidcServer();
    const client = await registerOidcClient(stores);
    const a = await server.validateConsentRequest(
      request(client, { id_token_hint: await hint(signingKeys, client.clientId, 'user-1', true) }),
      testUser(),
      { session: { consentGiven: true } },
    );
    expect(a.openid?.idTokenHintSubject).toBe('user-1');
    expect(a.openid?.decision.action).toBe('proceed');
    // Another user is signed in: a login is needed; under prompt=none, login_required.
    const b = await server.validateConsentRequest(
      request(client, { id_token_hint: await hint(signingKeys, client.clientId, 'user-2') }),
      testUser(),
      { session: { consentGiven: true } },
    );
    expect(b.openid?.decision).toMatchObject({ action: 'login', reason: 'id_token_hint' });
  });

  test('a hint signed by another key, for another client, or not a JWT: invalid_request', async () => {
    const { server, stores, signingKeys } = await createOidcServer();
    const client = await registerOidcClient(stores);
    const foreign = await createSigningKeySet([await generateSigningJwk('ES256')]);
    for (const value of [
      await hint(foreign, client.clientId, 'user-1'),
      await hint(signingKeys, 'another-client', 'user-1'),
      'not-a-jwt',
    ]) {
      await expectErrorRedirect(
        await consentError(server, () => request(client, { id_token_hint: value }), testUser()),
        { error: 'invalid_request', state: 'st' },
      );
    }
  });
});

describe('claims parameter (OpenID Connect Core 5.5)', () => {
  test('parsed, kept with the code in extensions.claims', async () => {
    const { server, stores } = await createOidcServer();
    const client = await registerOidcClient(stores);
    const claims = { userinfo: { email: { essential: true } }, id_token: { auth_time: null } };
    await authorize(server, client, { claims: JSON.stringify(claims), nonce: 'n1' });
    const [code] = stores.dump().codes;
    expect(code?.extensions?.claims).toEqual(claims);
    expect(code?.nonce).toBe('n1');
  });

  test('malformed or oversized: invalid_request by redirect, no code', async () => {
    const { server, stores } = await createOidcServer();
    const client = await registerOidcClient(stores);
    const big = JSON.stringify({ userinfo: { x: { value: 'a'.repeat(5000) } } });
    for (const claims of ['{', '[]', '{"userinfo":"email"}', big]) {
      await expectErrorRedirect(
        await server.createAuthorizationResponse(request(client, { claims }), testUser(), {
          extensions: { authTime: now() },
        }),
        { error: 'invalid_request', state: 'st' },
      );
    }
    expect(stores.dump().codes).toEqual([]);
  });
});

describe('the framework bindings: auth_time from the user object', () => {
  async function bindingFlow(authTime: number) {
    const { server, stores } = await createOidcServer();
    const client = await registerOidcClient(stores);
    const user: User = { getUserId: () => 'user-1', getAuthTime: () => authTime };
    const decisions: string[] = [];
    const handler = createFetchHandler(server, {
      getUser: () => user,
      login: () => new Response('login page'),
      renderConsent: (_request, authorization) => {
        decisions.push(authorization.openid?.decision.action ?? 'none');
        return new Response('consent page');
      },
      getConsent: () => true,
    });
    const { verifier, challenge } = pkcePair();
    const params = {
      response_type: 'code',
      client_id: client.clientId,
      redirect_uri: REDIRECT_URI,
      scope: 'openid',
      state: 'st',
      code_challenge: challenge,
      code_challenge_method: 'S256',
      max_age: '600',
    };
    const page = await handler(authorizeRequest(params));
    expect(await page.text()).toBe('consent page');
    const query = new URLSearchParams(params).toString();
    const answer = await handler(
      new Request(`${ISSUER}/authorize?${query}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'consent=allow',
      }),
    );
    return { server, client, answer, verifier, decisions };
  }

  test('a sign-in within max_age: consent page, then a code; auth_time is the user object one', async () => {
    const authTime = now() - 60;
    const { server, client, answer, verifier, decisions } = await bindingFlow(authTime);
    expect(decisions).toEqual(['consent']);
    const location = new URL(answer.headers.get('location')!);
    const body = await exchange(server, client, { query: location.searchParams, verifier });
    expect(decodeJwt(body.id_token as string).auth_time).toBe(authTime);
  });

  test('a sign-in older than max_age: the page is told to log in, and the approval is login_required', async () => {
    const { answer, decisions } = await bindingFlow(now() - 3600);
    expect(decisions).toEqual(['login']);
    await expectErrorRedirect(answer, { error: 'login_required', state: 'st' });
  });
});
