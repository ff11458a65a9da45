import { describe, expect, test } from 'vitest';
import {
  authorizeRequest,
  codeParams,
  createSwitchableStores,
  createTestServer,
  expectErrorPage,
  expectErrorRedirect,
  expectRedirect,
  ISSUER,
  REDIRECT_URI,
  registerAuthzClient,
  testUser,
} from '../../test/helpers.js';
import { OAuth2Error } from '../errors/oauth2-error.js';
import { createImplicitGrant } from '../grants/implicit-grant.js';

// The authorization endpoint through the consent API (RFC 6749 4.1.1, 4.1.2.1).

/** validateConsentRequest's error, answered as the application would. */
async function consentError(
  server: ReturnType<typeof createTestServer>['server'],
  request: () => Request,
): Promise<Response> {
  const error = await server.validateConsentRequest(request(), testUser()).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(OAuth2Error);
  return server.createAuthorizationErrorResponse(error, request());
}

describe('SECURITY 1: error page until client and redirect URI are known, redirect after', () => {
  test('unknown client_id: error page, never a redirect, no code', async () => {
    const { server, stores } = createTestServer();
    const request = () => authorizeRequest(codeParams({ clientId: 'nobody', secret: undefined }));
    await expectErrorPage(
      await consentError(server, request),
      'invalid_request',
      'The client_id is missing or unknown.',
    );
    await expectErrorPage(
      await server.createAuthorizationResponse(request(), testUser()),
      'invalid_request',
      'The client_id is missing or unknown.',
    );
    expect(stores.dump().codes).toEqual([]);
  });

  test('missing client_id: error page', async () => {
    const { server } = createTestServer();
    const { client_id: _, ...params } = codeParams({ clientId: 'x', secret: undefined });
    await expectErrorPage(
      await server.createAuthorizationResponse(authorizeRequest(params), testUser()),
      'invalid_request',
      'The client_id is missing or unknown.',
    );
  });

  test('unregistered redirect_uri: error page that does not redirect there, no code', async () => {
    const { server, stores } = createTestServer();
    const client = await registerAuthzClient(stores);
    const request = () =>
      authorizeRequest(codeParams(client, { redirect_uri: 'https://evil.example/cb' }));
    const page = await expectErrorPage(
      await consentError(server, request),
      'invalid_request',
      'The redirect_uri is missing, invalid or not registered for this client.',
    );
    expect(JSON.stringify(page)).not.toContain('evil.example');
    await expectErrorPage(
      await server.createAuthorizationResponse(request(), testUser()),
      'invalid_request',
    );
    expect(stores.dump().codes).toEqual([]);
  });

  test('missing redirect_uri when the client registered several: error page', async () => {
    const { server, stores } = createTestServer();
    const client = await registerAuthzClient(stores, {
      redirectUris: [REDIRECT_URI, 'https://app.example/other'],
    });
    const { redirect_uri: _, ...params } = codeParams(client);
    await expectErrorPage(
      await server.createAuthorizationResponse(authorizeRequest(params), testUser()),
      'invalid_request',
      'The redirect_uri is missing, invalid or not registered for this client.',
    );
  });

  test('missing redirect_uri with exactly one registered: that one is used', async () => {
    const { server, stores } = createTestServer();
    const client = await registerAuthzClient(stores);
    const { redirect_uri: _, ...params } = codeParams(client);
    const r = await expectRedirect(
      await server.createAuthorizationResponse(authorizeRequest(params), testUser()),
    );
    expect(r.base).toBe(REDIRECT_URI);
    expect(r.query.get('code')).toMatch(/^[\w-]{43}$/);
    // The omission is recorded: the token request must then omit redirect_uri too.
    expect(stores.dump().codes[0]!.redirectUri).toBeNull();
  });

  test('every later error goes back to the client: missing response_type', async () => {
    const { server, stores } = createTestServer();
    const client = await registerAuthzClient(stores);
    const { response_type: _, ...params } = codeParams(client);
    await expectErrorRedirect(await consentError(server, () => authorizeRequest(params)), {
      error: 'invalid_request',
      state: 'xyz',
      description: 'The response_type parameter is required.',
    });
    await expectErrorRedirect(
      await server.createAuthorizationResponse(authorizeRequest(params), testUser()),
      { error: 'invalid_request', state: 'xyz' },
    );
  });

  test('an error redirect without state carries no state, but still iss', async () => {
    const { server, stores } = createTestServer();
    const client = await registerAuthzClient(stores);
    const { state: _, ...params } = codeParams(client, { response_type: 'bogus' });
    await expectErrorRedirect(
      await server.createAuthorizationResponse(authorizeRequest(params), testUser()),
      { error: 'unsupported_response_type' },
    );
  });
});

describe('errors of the authorization endpoint (RFC 6749 4.1.2.1)', () => {
  test('grantUser null: access_denied redirect, no code stored', async () => {
    const { server, stores } = createTestServer();
    const client = await registerAuthzClient(stores);
    await expectErrorRedirect(
      await server.createAuthorizationResponse(authorizeRequest(codeParams(client)), null),
      {
        error: 'access_denied',
        state: 'xyz',
        description: 'The resource owner denied the request.',
      },
    );
    expect(stores.dump().codes).toEqual([]);
  });

  test('a response type nobody registered: unsupported_response_type', async () => {
    const { server, stores } = createTestServer();
    const client = await registerAuthzClient(stores, { responseTypes: ['code', 'code id_token'] });
    for (const responseType of ['code id_token', 'token', 'none']) {
      await expectErrorRedirect(
        await server.createAuthorizationResponse(
          authorizeRequest(codeParams(client, { response_type: responseType })),
          testUser(),
        ),
        { error: 'unsupported_response_type', state: 'xyz' },
      );
    }
  });

  test('a response type whose grant the client is not registered for: unauthorized_client', async () => {
    const { server, stores } = createTestServer();
    server.registerGrant(createImplicitGrant());
    const noImplicit = await registerAuthzClient(stores, {
      responseTypes: ['code', 'token'],
      grantTypes: ['authorization_code'],
    });
    const noCodeGrant = await registerAuthzClient(stores, { grantTypes: ['client_credentials'] });
    await expectErrorRedirect(
      await server.createAuthorizationResponse(
        authorizeRequest(codeParams(noImplicit, { response_type: 'token' })),
        testUser(),
      ),
      { error: 'unauthorized_client', state: 'xyz', mode: 'fragment' },
    );
    await expectErrorRedirect(
      await server.createAuthorizationResponse(
        authorizeRequest(codeParams(noCodeGrant)),
        testUser(),
      ),
      { error: 'unauthorized_client', state: 'xyz', mode: 'query' },
    );
  });

  test('a registered response type the client may not use: unauthorized_client', async () => {
    const { server, stores } = createTestServer();
    server.registerGrant(createImplicitGrant());
    const codeOnly = await registerAuthzClient(stores);
    const tokenOnly = await registerAuthzClient(stores, { responseTypes: ['token'] });
    await expectErrorRedirect(
      await server.createAuthorizationResponse(
        authorizeRequest(codeParams(codeOnly, { response_type: 'token' })),
        testUser(),
      ),
      { error: 'unauthorized_client', state: 'xyz', mode: 'fragment' },
    );
    expect(stores.dump().tokens).toEqual([]);
    await expectErrorRedirect(
      await server.createAuthorizationResponse(authorizeRequest(codeParams(tokenOnly)), testUser()),
      { error: 'unauthorized_client', state: 'xyz' },
    );
    expect(stores.dump().codes).toEqual([]);
  });

  test('invalid_scope by redirect: not allowed for the client, unknown, malformed', async () => {
    const { server, stores } = createTestServer({
      config: { scopesSupported: ['read', 'write'] },
    });
    const client = await registerAuthzClient(stores, { scope: 'read write admin' });
    for (const scope of ['admin', 'read delete', 'read\\', 'read "x"', 'read  write']) {
      await expectErrorRedirect(
        await server.createAuthorizationResponse(
          authorizeRequest(codeParams(client, { scope })),
          testUser(),
        ),
        { error: 'invalid_scope', state: 'xyz' },
      );
    }
    expect(stores.dump().codes).toEqual([]);
  });

  test('store failure looking up the client: 503 page (no redirect), Retry-After', async () => {
    const breakable = createSwitchableStores();
    const { server } = createTestServer({ stores: breakable.stores, onServerError: () => {} });
    const client = await registerAuthzClient(breakable.stores);
    breakable.breakMethod('clients.findClient');
    const response = await server.createAuthorizationResponse(
      authorizeRequest(codeParams(client)),
      testUser(),
    );
    expect(response.headers.get('retry-after')).toBe('1');
    await expectErrorPage(response, 'temporarily_unavailable', undefined, 503);
    expect(breakable.memory.dump().codes).toEqual([]);
  });

  test('store failure saving the code: temporarily_unavailable redirect, no code; then recovers', async () => {
    const breakable = createSwitchableStores();
    const seen: string[] = [];
    const { server } = createTestServer({
      stores: breakable.stores,
      onServerError: (e) => seen.push(e.error),
    });
    const client = await registerAuthzClient(breakable.stores);
    breakable.breakMethod('codes.saveCode');
    const params = await expectErrorRedirect(
      await server.createAuthorizationResponse(authorizeRequest(codeParams(client)), testUser()),
      { error: 'temporarily_unavailable', state: 'xyz' },
    );
    expect(params.has('code')).toBe(false);
    expect(breakable.memory.dump().codes).toEqual([]);
    expect(seen).toEqual(['temporarily_unavailable']);
    breakable.repair();
    const ok = await expectRedirect(
      await server.createAuthorizationResponse(authorizeRequest(codeParams(client)), testUser()),
    );
    expect(ok.query.get('code')).toMatch(/^[\w-]{43}$/);
    expect(breakable.memory.dump().codes).toHaveLength(1);
  });

  test('an application error thrown into createAuthorizationErrorResponse: 500 page', async () => {
    const { server, stores } = createTestServer({ onServerError: () => {} });
    const client = await registerAuthzClient(stores);
    const response = await server.createAuthorizationErrorResponse(
      new Error('database password is hunter2'),
      authorizeRequest(codeParams(client)),
    );
    const body = await expectErrorPage(response, 'server_error', undefined, 500);
    expect(JSON.stringify(body)).not.toContain('hunter2');
  });
});

describe('SECURITY 4: a parameter sent twice', () => {
  test('client_id twice: error page', async () => {
    const { server, stores } = createTestServer();
    const client = await registerAuthzClient(stores);
    const pairs: [string, string][] = [...Object.entries(codeParams(client))];
    pairs.push(['client_id', client.clientId]);
    await expectErrorPage(
      await server.createAuthorizationResponse(authorizeRequest(pairs), testUser()),
      'invalid_request',
      'The client_id parameter was sent more than once.',
    );
    expect(stores.dump().codes).toEqual([]);
  });

  test('redirect_uri twice (even the same value): error page', async () => {
    const { server, stores } = createTestServer();
    const client = await registerAuthzClient(stores);
    const pairs: [string, string][] = [...Object.entries(codeParams(client))];
    pairs.push(['redirect_uri', REDIRECT_URI]);
    await expectErrorPage(
      await consentError(server, () => authorizeRequest(pairs)),
      'invalid_request',
      'The redirect_uri parameter was sent more than once.',
    );
  });

  for (const name of [
    'response_type',
    'scope',
    'state',
    'code_challenge',
    'code_challenge_method',
  ]) {
    test(`${name} twice: invalid_request redirect, no code`, async () => {
      const { server, stores } = createTestServer();
      const client = await registerAuthzClient(stores);
      const params = codeParams(client);
      const pairs: [string, string][] = [...Object.entries(params)];
      pairs.push([name, params[name as keyof typeof params]]);
      await expectErrorRedirect(
        await server.createAuthorizationResponse(authorizeRequest(pairs), testUser()),
        {
          error: 'invalid_request',
          state: 'xyz',
          description: `The ${name} parameter was sent more than once.`,
        },
      );
      expect(stores.dump().codes).toEqual([]);
    });
  }
});

describe('consent API', () => {
  test('validateConsentRequest resolves what the consent page shows', async () => {
    const { server, stores } = createTestServer();
    const client = await registerAuthzClient(stores, { clientName: 'App' });
    const user = testUser('alice');
    const params = codeParams(client, { scope: 'write read', state: 'st' });
    const authorization = await server.validateConsentRequest(authorizeRequest(params), user);
    expect(authorization).toMatchObject({
      responseType: 'code',
      redirectUri: REDIRECT_URI,
      requestedRedirectUri: REDIRECT_URI,
      responseMode: 'query',
      scope: 'write read',
      state: 'st',
      codeChallenge: params.code_challenge,
      codeChallengeMethod: 'S256',
      nonce: null,
      user,
    });
    expect(authorization.client.clientId).toBe(client.clientId);
    expect(authorization.client.metadata.clientName).toBe('App');
    // Validation alone issues nothing.
    expect(stores.dump().codes).toEqual([]);
  });

  test('a POST authorization request (form body) is served like a GET', async () => {
    const { server, stores } = createTestServer();
    const client = await registerAuthzClient(stores);
    const post = () =>
      new Request(`${ISSUER}/authorize`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(codeParams(client)),
      });
    const r = await expectRedirect(await server.createAuthorizationResponse(post(), testUser()));
    expect(r.query.get('state')).toBe('xyz');
    expect(r.query.get('code')).toMatch(/^[\w-]{43}$/);
  });

  test('the same POST request can be validated, then answered with a code', async () => {
    const { server, stores } = createTestServer();
    const client = await registerAuthzClient(stores);
    const request = new Request(`${ISSUER}/authorize`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(codeParams(client)),
    });
    const authorization = await server.validateConsentRequest(request, testUser());
    expect(authorization.client.clientId).toBe(client.clientId);
    const r = await expectRedirect(await server.createAuthorizationResponse(request, testUser()));
    expect(r.query.get('code')).toMatch(/^[\w-]{43}$/);
    expect(stores.dump().codes).toHaveLength(1);
  });

  test('the same POST request can be validated, then answered with its error', async () => {
    const { server, stores } = createTestServer();
    const client = await registerAuthzClient(stores);
    const request = new Request(`${ISSUER}/authorize`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'accept-language': 'de' },
      body: new URLSearchParams(codeParams(client, { scope: 'admin' })),
    });
    const error = await server.validateConsentRequest(request, testUser()).catch((e) => e);
    await expectErrorRedirect(await server.createAuthorizationErrorResponse(error, request), {
      error: 'invalid_scope',
      state: 'xyz',
      description:
        'Der angeforderte Scope ist ungueltig, unbekannt oder ueberschreitet den gewaehrten.',
    });
  });
});

describe('error URIs and localized descriptions', () => {
  const errorUris = {
    access_denied: 'https://docs.example/errors/access_denied',
    invalid_request: 'https://docs.example/errors/invalid_request',
  };

  test('error_uri is added to error redirects and to error pages', async () => {
    const { server, stores } = createTestServer({ config: { errorUris } });
    const client = await registerAuthzClient(stores);
    const response = await server.createAuthorizationResponse(
      authorizeRequest(codeParams(client)),
      null,
    );
    const r = await expectRedirect(response);
    expect(Object.fromEntries(r.query)).toEqual({
      error: 'access_denied',
      error_description: 'The resource owner denied the request.',
      error_uri: errorUris.access_denied,
      state: 'xyz',
      iss: ISSUER,
    });
    const page = await server.createAuthorizationResponse(
      authorizeRequest(codeParams({ clientId: 'nobody', secret: undefined })),
      null,
    );
    expect(await expectErrorPage(page, 'invalid_request')).toEqual({
      error: 'invalid_request',
      error_description: 'The client_id is missing or unknown.',
      error_uri: errorUris.invalid_request,
    });
  });

  test('Accept-Language fr and de translate error_description on redirects', async () => {
    const { server, stores } = createTestServer();
    const client = await registerAuthzClient(stores);
    const cases = [
      ['fr-CA,fr;q=0.9,en;q=0.5', 'Le proprietaire de la ressource a refuse la demande.'],
      ['de', 'Der Ressourceninhaber hat die Anfrage abgelehnt.'],
      ['xx, en;q=0.1', 'The resource owner denied the request.'],
    ] as const;
    for (const [acceptLanguage, description] of cases) {
      const response = await server.createAuthorizationResponse(
        authorizeRequest(codeParams(client), { 'accept-language': acceptLanguage }),
        null,
      );
      await expectErrorRedirect(response, { error: 'access_denied', state: 'xyz', description });
    }
  });

  test('Accept-Language also translates error pages', async () => {
    const { server } = createTestServer();
    const response = await server.createAuthorizationResponse(
      authorizeRequest(codeParams({ clientId: 'nobody', secret: undefined }), {
        'accept-language': 'fr',
      }),
      testUser(),
    );
    await expectErrorPage(response, 'invalid_request', 'Le client_id est absent ou inconnu.');
  });
});
