import { describe, expect, test } from 'vitest';
import {
  bearerCheck,
  createTestServer,
  formPost,
  INVALID_TOKEN,
  ISSUER,
  issueTokens,
  REDIRECT_URI,
  type TestServerOptions,
} from '../../test/helpers.js';
import { digestSecret, digestToken } from '../crypto/digest.js';
import { createMemoryReplayStore } from '../stores/memory-replay-store.js';
import { createInitialAccessToken } from './initial-access-token.js';

const REGISTER_URL = `${ISSUER}/register`;

function setup(options: TestServerOptions = {}) {
  return createTestServer({ registration: { access: 'open' }, ...options });
}

type Server = ReturnType<typeof setup>['server'];

function registerRequest(body: unknown, headers: Record<string, string> = {}) {
  return new Request(REGISTER_URL, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

function manage(method: string, uri: string, token: string, body?: unknown) {
  return new Request(uri, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

async function call(server: Server, request: Request) {
  const response = await server.createEndpointResponse('registration', request);
  const text = await response.text();
  return { response, status: response.status, body: text === '' ? {} : JSON.parse(text) };
}

type Registered = {
  client_id: string;
  client_secret?: string;
  registration_access_token: string;
  registration_client_uri: string;
  [k: string]: unknown;
};

async function register(server: Server, metadata: Record<string, unknown> = {}) {
  const { status, body } = await call(
    server,
    registerRequest({ redirect_uris: [REDIRECT_URI], scope: 'read write', ...metadata }),
  );
  expect(status, JSON.stringify(body)).toBe(201);
  return body as Registered;
}

describe('client registration (RFC 7591)', () => {
  test('registers a confidential client: secret and access token shown once, digests stored', async () => {
    const { server, stores } = setup();
    const response = await server.createEndpointResponse(
      'registration',
      registerRequest({
        redirect_uris: [REDIRECT_URI],
        client_name: 'My app',
        'client_name#fr': 'Mon appli',
        'client_name#de-CH': 'Mini App',
        scope: 'read',
        contacts: ['ops@app.example'],
        unknown_field: 'ignored',
      }),
    );
    expect(response.status).toBe(201);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const body = (await response.json()) as Registered;
    expect(body).toMatchObject({
      client_name: 'My app',
      'client_name#fr': 'Mon appli',
      'client_name#de-ch': 'Mini App',
      redirect_uris: [REDIRECT_URI],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
      scope: 'read',
      client_secret_expires_at: 0,
      registration_client_uri: `${REGISTER_URL}?client_id=${body.client_id}`,
    });
    expect(body.unknown_field).toBeUndefined();
    expect(body.client_secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(body.registration_access_token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(typeof body.client_id_issued_at).toBe('number');
    const stored = await stores.clients.findClient(body.client_id);
    expect(stored?.clientSecretDigest).toBe(digestSecret(body.client_secret!));
    expect(stored?.registrationAccessTokenDigest).toBe(digestToken(body.registration_access_token));
    expect(stored?.metadata.localized).toEqual({
      fr: { clientName: 'Mon appli' },
      'de-ch': { clientName: 'Mini App' },
    });
    const dump = JSON.stringify(stores.dump());
    expect(dump).not.toContain(body.client_secret);
    expect(dump).not.toContain(body.registration_access_token);
  });

  test('a public native client gets no secret; loopback and private-use redirect URIs', async () => {
    const { server } = setup();
    const body = await register(server, {
      token_endpoint_auth_method: 'none',
      application_type: 'native',
      redirect_uris: ['http://127.0.0.1/cb', 'com.example.app:/cb'],
    });
    expect(body.client_secret).toBeUndefined();
    expect(body.client_secret_expires_at).toBeUndefined();
  });

  test('the registered client completes a code flow at the token endpoint', async () => {
    const { server } = setup();
    const body = await register(server);
    const tokens = await issueTokens(server, {
      clientId: body.client_id,
      secret: body.client_secret,
    });
    expect(tokens.access_token).toBeTruthy();
  });

  test('the metadata document names the registration endpoint; the path can move', async () => {
    const { server } = setup({ config: { endpoints: { registration: '/clients/new' } } });
    const metadata = (await (
      await server.createEndpointResponse(
        'metadata',
        new Request(`${ISSUER}/.well-known/oauth-authorization-server`),
      )
    ).json()) as Record<string, unknown>;
    expect(metadata.registration_endpoint).toBe(`${ISSUER}/clients/new`);
    const body = await register(server);
    expect(body.registration_client_uri).toBe(`${ISSUER}/clients/new?client_id=${body.client_id}`);
  });

  test('refuses a body that is not JSON, a GET without client_id, a body over the cap', async () => {
    const { server } = setup({ config: { maxBodyBytes: 2000 } });
    const form = new Request(REGISTER_URL, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'redirect_uris=x',
    });
    expect((await call(server, form)).body.error).toBe('invalid_request');
    expect((await call(server, registerRequest('{not json'))).body.error).toBe(
      'invalid_client_metadata',
    );
    expect((await call(server, new Request(REGISTER_URL))).status).toBe(405);
    const big = registerRequest({ client_name: 'x'.repeat(3000) });
    expect((await call(server, big)).status).toBe(413);
  });

  test('a store failure is 503 and saves nothing', async () => {
    const { server, stores } = setup();
    const save = stores.clients.saveClient;
    stores.clients.saveClient = async () => {
      throw new Error('db down');
    };
    const { status, body } = await call(server, registerRequest({ redirect_uris: [REDIRECT_URI] }));
    stores.clients.saveClient = save;
    expect(status).toBe(503);
    expect(body.error).toBe('temporarily_unavailable');
    expect(stores.dump().clients).toHaveLength(0);
  });

  test('a server without revokeClientTokens on its token store refuses to start with registration', () => {
    const { server: _s, stores } = setup();
    const { revokeClientTokens: _r, ...tokens } = stores.tokens;
    expect(() =>
      createTestServer({ registration: { access: 'open' }, stores: { ...stores, tokens } }),
    ).toThrow(/revokeClientTokens/);
  });
});

describe('initial access tokens and the policy hook', () => {
  test('a single-use initial access token registers one client, then is refused', async () => {
    const { token, record } = createInitialAccessToken({ expiresIn: 3600 });
    const { server } = setup({
      registration: {
        access: 'initial_access_token',
        initialAccessTokens: [record],
        replayStore: createMemoryReplayStore(),
      },
    });
    const request = () =>
      registerRequest({ redirect_uris: [REDIRECT_URI] }, { authorization: `Bearer ${token}` });
    const none = await call(server, registerRequest({ redirect_uris: [REDIRECT_URI] }));
    expect(none.status).toBe(401);
    expect(none.response.headers.get('www-authenticate')).toMatch(/^Bearer/);
    // A bad request does not spend it.
    const bad = await call(
      server,
      registerRequest(
        { redirect_uris: ['http://app.example/cb'] },
        { authorization: `Bearer ${token}` },
      ),
    );
    expect(bad.body.error).toBe('invalid_redirect_uri');
    const results = await Promise.all(Array.from({ length: 20 }, () => call(server, request())));
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(results.filter((r) => r.status === 401)).toHaveLength(19);
  });

  test('a multi-use token works again; an expired or unknown one is 401', async () => {
    const now = new Date();
    const multi = createInitialAccessToken({ singleUse: false });
    const expired = createInitialAccessToken({
      expiresIn: 60,
      now: new Date(now.getTime() - 120_000),
    });
    const { server } = setup({
      registration: {
        access: 'initial_access_token',
        initialAccessTokens: [multi.record, expired.record],
        replayStore: createMemoryReplayStore(),
      },
    });
    const bearer = (t: string) =>
      registerRequest({ redirect_uris: [REDIRECT_URI] }, { authorization: `Bearer ${t}` });
    expect((await call(server, bearer(multi.token))).status).toBe(201);
    expect((await call(server, bearer(multi.token))).status).toBe(201);
    expect((await call(server, bearer(expired.token))).body.error).toBe('invalid_token');
    expect((await call(server, bearer('x'.repeat(43)))).body.error).toBe('invalid_token');
  });

  test('configuration mistakes are TypeErrors at construction', () => {
    expect(() => setup({ registration: {} as never })).toThrow(TypeError);
    expect(() => setup({ registration: { access: 'policy' } })).toThrow(/policy function/);
    expect(() =>
      setup({
        registration: {
          access: 'initial_access_token',
          initialAccessTokens: [createInitialAccessToken({ expiresIn: 5 }).record],
        },
      }),
    ).toThrow(/replayStore/);
    expect(() => createInitialAccessToken({ singleUse: true })).toThrow(/expiresIn/);
    expect(() =>
      setup({ registration: { access: 'open', scopes: ['read'], defaultScope: 'read admin' } }),
    ).toThrow(/admin/);
    expect(() => setup({ registration: { access: 'open', scopes: 'read' as never } })).toThrow(
      /scopes/,
    );
  });

  test('the policy hook gates, narrows, and refuses with its own error', async () => {
    const { server } = setup({
      registration: {
        access: 'policy',
        policy: ({ request, metadata }) =>
          request.headers.get('x-team') === 'a' ? { ...metadata, scope: 'read' } : false,
      },
    });
    const refused = await call(server, registerRequest({ redirect_uris: [REDIRECT_URI] }));
    expect(refused.status).toBe(403);
    expect(refused.body.error).toBe('access_denied');
    const ok = await call(
      server,
      registerRequest({ redirect_uris: [REDIRECT_URI], scope: 'read write' }, { 'x-team': 'a' }),
    );
    expect(ok.status).toBe(201);
    expect(ok.body.scope).toBe('read');
  });
});

describe('client management (RFC 7592)', () => {
  test('reads the client with its registration access token, never the secret', async () => {
    const { server } = setup();
    const seen: string[] = [];
    server.on('clientRegistration', ({ action, clientId }) => seen.push(`${action} ${clientId}`));
    const reg = await register(server, { client_name: 'Reader' });
    expect(seen).toEqual([`registered ${reg.client_id}`]);
    const { status, body } = await call(
      server,
      manage('GET', reg.registration_client_uri, reg.registration_access_token),
    );
    expect(status).toBe(200);
    expect(body).toMatchObject({ client_id: reg.client_id, client_name: 'Reader' });
    expect(body.client_secret).toBeUndefined();
    expect(body.registration_access_token).toBeUndefined();
  });

  test("a wrong token, another client's token, or none: 401 invalid_token alike", async () => {
    const { server } = setup();
    const a = await register(server);
    const b = await register(server);
    for (const token of ['x'.repeat(43), b.registration_access_token]) {
      const { status, response, body } = await call(
        server,
        manage('GET', a.registration_client_uri, token),
      );
      expect(status).toBe(401);
      expect(body.error).toBe('invalid_token');
      expect(response.headers.get('www-authenticate')).toContain('error="invalid_token"');
    }
    const unknown = `${REGISTER_URL}?client_id=nope`;
    expect((await call(server, manage('GET', unknown, a.registration_access_token))).status).toBe(
      401,
    );
    const bare = await call(server, new Request(a.registration_client_uri));
    expect(bare.status).toBe(401);
  });

  test('replaces the metadata and rotates the registration access token', async () => {
    const { server, stores } = setup({
      registration: { access: 'open', rotateOnUpdate: { clientSecret: true } },
    });
    const reg = await register(server, { client_name: 'Old', contacts: ['a@app.example'] });
    const { status, body } = await call(
      server,
      manage('PUT', reg.registration_client_uri, reg.registration_access_token, {
        client_id: reg.client_id,
        client_secret: reg.client_secret,
        redirect_uris: ['https://app.example/other'],
        client_name: 'New',
      }),
    );
    expect(status, JSON.stringify(body)).toBe(200);
    expect(body.client_name).toBe('New');
    expect(body.contacts).toBeUndefined();
    expect(body.redirect_uris).toEqual(['https://app.example/other']);
    expect(body.registration_access_token).not.toBe(reg.registration_access_token);
    expect(body.client_secret).not.toBe(reg.client_secret);
    const stored = await stores.clients.findClient(reg.client_id);
    expect(stored?.clientSecretDigest).toBe(digestSecret(body.client_secret));
    // The old registration access token no longer works; the new one does.
    const old = await call(
      server,
      manage('GET', reg.registration_client_uri, reg.registration_access_token),
    );
    expect(old.status).toBe(401);
    const fresh = await call(
      server,
      manage('GET', reg.registration_client_uri, body.registration_access_token),
    );
    expect(fresh.status).toBe(200);
  });

  test('an update naming another client_id or a wrong secret is refused, changing nothing', async () => {
    const { server, stores } = setup();
    const reg = await register(server);
    const before = await stores.clients.findClient(reg.client_id);
    for (const extra of [
      { client_id: 'other' },
      { client_id: reg.client_id, client_secret: 'wrong' },
    ]) {
      const { body } = await call(
        server,
        manage('PUT', reg.registration_client_uri, reg.registration_access_token, {
          redirect_uris: [REDIRECT_URI],
          ...extra,
        }),
      );
      expect(body.error).toBe('invalid_client_metadata');
    }
    expect(await stores.clients.findClient(reg.client_id)).toEqual(before);
  });

  test('deleting a client revokes its tokens; its codes no longer redeem', async () => {
    const { server, stores } = setup();
    const reg = await register(server, { grant_types: ['authorization_code', 'refresh_token'] });
    const client = { clientId: reg.client_id, secret: reg.client_secret };
    const tokens = await issueTokens(server, client);
    const { code, verifier } = await import('../../test/helpers.js').then((h) =>
      h.authorizeCode(server, client),
    );
    const { status } = await call(
      server,
      manage('DELETE', reg.registration_client_uri, reg.registration_access_token),
    );
    expect(status).toBe(204);
    expect(await stores.clients.findClient(reg.client_id)).toBeNull();
    const record = await stores.tokens.findByAccessToken(digestToken(tokens.access_token));
    expect(record?.revokedAt).not.toBeNull();
    const introspected = await server.createEndpointResponse(
      'introspection',
      formPost('introspect', { token: tokens.access_token }, client),
    );
    expect(introspected.status).toBe(401);
    const redeem = await server.createTokenResponse(
      formPost(
        'token',
        {
          grant_type: 'authorization_code',
          code,
          redirect_uri: REDIRECT_URI,
          code_verifier: verifier,
        },
        client,
      ),
    );
    expect(redeem.status).toBe(401);
    const again = await call(
      server,
      manage('DELETE', reg.registration_client_uri, reg.registration_access_token),
    );
    expect(again.status).toBe(401);
  });

  test('a token store failure during delete is 503 and keeps the client', async () => {
    const { server, stores } = setup();
    const reg = await register(server);
    stores.tokens.revokeClientTokens = async () => {
      throw new Error('db down');
    };
    const { status } = await call(
      server,
      manage('DELETE', reg.registration_client_uri, reg.registration_access_token),
    );
    expect(status).toBe(503);
    expect(await stores.clients.findClient(reg.client_id)).not.toBeNull();
  });
});

describe("SECURITY 41: registration validates redirect URIs, stores only digests, and a deleted client's tokens stop working", () => {
  test('rules 3 and 33 at registration: script, file, fragment, userinfo, plain http, response parameters, localhost', async () => {
    const { server, stores } = setup();
    for (const uri of [
      'javascript:alert(1)',
      ' JAVASCRIPT:alert(1)',
      'file:///etc/passwd',
      'https://app.example/cb#x',
      'https://user@app.example/cb',
      'http://app.example/cb',
      'https://app.example/cb?code=x',
      'https://app.example/cb?state=x',
      'https://app.example/cb?iss=x',
      'https://app.example/cb?error=x',
    ]) {
      const { status, body } = await call(server, registerRequest({ redirect_uris: [uri] }));
      expect(status, uri).toBe(400);
      expect(body.error, uri).toBe('invalid_redirect_uri');
    }
    const native = await call(
      server,
      registerRequest({ application_type: 'native', redirect_uris: ['http://localhost:8080/cb'] }),
    );
    expect(native.body.error).toBe('invalid_redirect_uri');
    expect(stores.dump().clients).toHaveLength(0);
  });

  test('secrets and registration access tokens, issued and rotated, are only digests at rest', async () => {
    const { server, stores } = setup({
      registration: { access: 'open', rotateOnUpdate: { clientSecret: true } },
    });
    const reg = await register(server);
    const { body } = await call(
      server,
      manage('PUT', reg.registration_client_uri, reg.registration_access_token, {
        client_id: reg.client_id,
        redirect_uris: [REDIRECT_URI],
      }),
    );
    const dump = JSON.stringify(stores.dump());
    const issued = [
      reg.client_secret!,
      reg.registration_access_token,
      body.client_secret,
      body.registration_access_token,
    ];
    expect(dump).toContain(digestSecret(body.client_secret));
    expect(dump).toContain(digestToken(body.registration_access_token));
    for (const value of issued) {
      expect(typeof value).toBe('string');
      expect(dump.includes(value)).toBe(false);
    }
  });

  test("after delete, the client's access and refresh tokens are refused", async () => {
    const { server, stores } = setup();
    const reg = await register(server, { grant_types: ['authorization_code', 'refresh_token'] });
    const client = { clientId: reg.client_id, secret: reg.client_secret };
    const tokens = await issueTokens(server, client);
    expect((await bearerCheck(stores.tokens, tokens.access_token)).status).toBe(200);
    const del = await call(
      server,
      manage('DELETE', reg.registration_client_uri, reg.registration_access_token),
    );
    expect(del.status).toBe(204);
    expect(await bearerCheck(stores.tokens, tokens.access_token)).toEqual(INVALID_TOKEN);
    const record = await stores.tokens.findByRefreshToken(digestToken(tokens.refresh_token!));
    expect(record?.revokedAt).toBeInstanceOf(Date);
  });
});
