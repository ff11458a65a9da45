import { describe, expect, test } from 'vitest';
import {
  authorizeRequest,
  codeParams,
  createTestServer,
  expectErrorRedirect,
  expectRedirect,
  ISSUER,
  REDIRECT_URI,
  registerAuthzClient,
  testUser,
} from '../../test/helpers.js';
import { createImplicitGrant } from '../grants/implicit-grant.js';
import { buildAuthorizationRedirect } from './authorization-redirect.js';

// What the authorization response looks like on the wire (RFC 6749 4.1.2, 4.2.2, RFC 9207).

async function setup(metadata: { redirectUris?: string[] } = {}) {
  const { server, stores } = createTestServer();
  server.registerGrant(createImplicitGrant());
  const client = await registerAuthzClient(stores, {
    responseTypes: ['code', 'token'],
    ...metadata,
  });
  return { server, stores, client };
}

const STATES = [
  'a\r\nLocation: https://evil.example/\r\n',
  '<script>alert("x")</script>',
  'it\'s "quoted" & <b>bold</b>',
  'ünïcödé – 日本語 – 🎉',
  '100%',
  '%41%42',
  'a+b',
  'a b  c ',
  'a&code=forged&iss=https://evil.example',
  'x#access_token=forged',
  "=?/;,:@$!*()'[]{}|\\^`~",
  'z'.repeat(1000),
];

describe('SECURITY 6: state comes back byte-identical; iss is on every response', () => {
  for (const state of STATES) {
    const name = JSON.stringify(state).slice(0, 50);
    test(`state ${name}: identical on code success, error and implicit success`, async () => {
      const { server, client } = await setup();
      const success = await expectRedirect(
        await server.createAuthorizationResponse(
          authorizeRequest(codeParams(client, { state })),
          testUser(),
        ),
      );
      expect(success.query.get('state')).toBe(state);
      expect(success.query.get('iss')).toBe(ISSUER);
      expect(success.query.getAll('code')).toHaveLength(1);
      // The Location is a valid header: ASCII only, no raw CR/LF, no unescaped markup.
      expect(success.location).toMatch(/^[\x21-\x7e]+$/);
      expect(new URL(success.location).searchParams.get('state')).toBe(state);

      const denied = await server.createAuthorizationResponse(
        authorizeRequest(codeParams(client, { state })),
        null,
      );
      await expectErrorRedirect(denied, { error: 'access_denied', state });

      const implicit = await expectRedirect(
        await server.createAuthorizationResponse(
          authorizeRequest(codeParams(client, { state, response_type: 'token' })),
          testUser(),
        ),
      );
      expect(implicit.fragment.get('state')).toBe(state);
      expect(implicit.fragment.getAll('access_token')).toHaveLength(1);
      expect(implicit.location).toMatch(/^[\x21-\x7e]+$/);
    });
  }

  test('state is echoed on error redirects raised by validation too', async () => {
    const { server, client } = await setup();
    const state = 'é\n%&#+';
    await expectErrorRedirect(
      await server.createAuthorizationResponse(
        authorizeRequest(codeParams(client, { state, scope: 'admin' })),
        testUser(),
      ),
      { error: 'invalid_scope', state },
    );
    await expectErrorRedirect(
      await server.createAuthorizationResponse(
        authorizeRequest(codeParams(client, { state, scope: 'admin', response_type: 'token' })),
        testUser(),
      ),
      { error: 'invalid_scope', state, mode: 'fragment' },
    );
  });

  test('no state sent: none comes back; iss is still there', async () => {
    const { server, client } = await setup();
    const { state: _, ...params } = codeParams(client);
    const r = await expectRedirect(
      await server.createAuthorizationResponse(authorizeRequest(params), testUser()),
    );
    expect([...r.query.keys()].sort()).toEqual(['code', 'iss']);
    expect(r.query.get('iss')).toBe(ISSUER);
  });

  test('iss is the configured issuer exactly, path included', async () => {
    const issuer = 'https://as.example/tenants/a';
    const { server, stores } = createTestServer({ config: { issuer } });
    const client = await registerAuthzClient(stores);
    const ok = await expectRedirect(
      await server.createAuthorizationResponse(authorizeRequest(codeParams(client)), testUser()),
    );
    expect(ok.query.get('iss')).toBe(issuer);
    const denied = await expectRedirect(
      await server.createAuthorizationResponse(authorizeRequest(codeParams(client)), null),
    );
    expect(denied.query.get('iss')).toBe(issuer);
  });
});

describe('SECURITY 7: code in the query, implicit in the fragment, a token never in a query', () => {
  test('code flow: code, state and iss in the query, nothing in the fragment', async () => {
    const { server, client } = await setup();
    const r = await expectRedirect(
      await server.createAuthorizationResponse(authorizeRequest(codeParams(client)), testUser()),
    );
    expect(r.base).toBe(REDIRECT_URI);
    expect([...r.query.keys()].sort()).toEqual(['code', 'iss', 'state']);
    expect(r.location).not.toContain('#');
  });

  test('implicit: the token in the fragment only, nothing in the query', async () => {
    const { server, client } = await setup();
    const r = await expectRedirect(
      await server.createAuthorizationResponse(
        authorizeRequest(codeParams(client, { response_type: 'token' })),
        testUser(),
      ),
    );
    expect(r.location.startsWith(`${REDIRECT_URI}#`)).toBe(true);
    expect([...r.query.keys()]).toEqual([]);
    expect([...r.fragment.keys()].sort()).toEqual([
      'access_token',
      'expires_in',
      'iss',
      'scope',
      'state',
      'token_type',
    ]);
  });

  test('implicit with response_mode=query still answers in the fragment', async () => {
    const { server, client } = await setup();
    const r = await expectRedirect(
      await server.createAuthorizationResponse(
        authorizeRequest(codeParams(client, { response_type: 'token', response_mode: 'query' })),
        testUser(),
      ),
    );
    expect(r.location).not.toMatch(/[?&]access_token=/);
    expect(r.fragment.get('access_token')).toMatch(/^[\w-]{43}$/);
  });

  test('a registered URI with a query keeps it; the token still goes after #', async () => {
    const uri = 'https://app.example/cb?tenant=a';
    const { server, client } = await setup({ redirectUris: [uri] });
    const implicit = await expectRedirect(
      await server.createAuthorizationResponse(
        authorizeRequest(codeParams(client, { redirect_uri: uri, response_type: 'token' })),
        testUser(),
      ),
    );
    expect(implicit.location.startsWith(`${uri}#access_token=`)).toBe(true);
    expect([...implicit.query.keys()]).toEqual(['tenant']);
    const code = await expectRedirect(
      await server.createAuthorizationResponse(
        authorizeRequest(codeParams(client, { redirect_uri: uri })),
        testUser(),
      ),
    );
    expect(code.location.startsWith(`${uri}&code=`)).toBe(true);
    expect([...code.query.keys()].sort()).toEqual(['code', 'iss', 'state', 'tenant']);
  });

  test('implicit errors go in the fragment too', async () => {
    const { server, client } = await setup();
    await expectErrorRedirect(
      await server.createAuthorizationResponse(
        authorizeRequest(codeParams(client, { response_type: 'token' })),
        null,
      ),
      { error: 'access_denied', state: 'xyz', mode: 'fragment' },
    );
  });
});

describe('buildAuthorizationRedirect', () => {
  test('encodes spaces as %20, keeps the URI as given, picks ? or & or #', () => {
    expect(buildAuthorizationRedirect('https://a.example/cb', { state: 'a b+c' }, 'query')).toBe(
      'https://a.example/cb?state=a%20b%2Bc',
    );
    expect(buildAuthorizationRedirect('https://a.example/cb?x=1', { code: 'c' }, 'query')).toBe(
      'https://a.example/cb?x=1&code=c',
    );
    expect(
      buildAuthorizationRedirect('https://a.example/cb?x=1', { access_token: 't' }, 'fragment'),
    ).toBe('https://a.example/cb?x=1#access_token=t');
    expect(
      buildAuthorizationRedirect('https://a.example/cb', { state: undefined, code: 'c' }, 'query'),
    ).toBe('https://a.example/cb?code=c');
  });
});
