import { describe, expect, test } from 'vitest';
import {
  authorizeRequest,
  codeParams,
  createTestServer,
  expectErrorPage,
  expectRedirect,
  REDIRECT_URI,
  registerAuthzClient,
  testUser,
} from '../../test/helpers.js';
import { redirectUriMatches, redirectUriProblem } from '../models/redirect-uri.js';

// Which redirect URIs the authorization endpoint sends responses to, and which may be
// registered at all (RFC 6749 3.1.2, RFC 9700 2.1 and 4.1.3, RFC 8252 7.3).

const INVALID_REDIRECT = 'The redirect_uri is missing, invalid or not registered for this client.';

async function authorizeWith(registered: string[], requested: string) {
  const { server, stores } = createTestServer();
  const client = await registerAuthzClient(stores, { redirectUris: registered });
  const response = await server.createAuthorizationResponse(
    authorizeRequest(codeParams(client, { redirect_uri: requested })),
    testUser(),
  );
  return { response, stores };
}

describe('SECURITY 2: redirect URIs match by exact string comparison', () => {
  const tricks = [
    'HTTPS://app.example/cb',
    'https://APP.example/cb',
    'https://app.example/CB',
    'https://app.example@evil.example/cb',
    'https://app.example:pw@evil.example/cb',
    'https://app.example.evil.example/cb',
    'https://app.example/cb%2F',
    'https://app.example%2Fcb',
    'https://app.example/%63b',
    'https://app.example/cb/../cb',
    'https://app.example/./cb',
    'https://app.example/cb/',
    'https://app.example/cb?',
    'https://app.example/cb?x=1',
    'https://app.example/cb#x',
    'https://app.example:443/cb',
    'https://app.example:8443/cb',
    'http://app.example/cb',
    'https://app.example/cb%20',
    'https://app.example/c',
  ];
  for (const requested of tricks) {
    test(`${requested} is not ${REDIRECT_URI}: error page, no code`, async () => {
      const { response, stores } = await authorizeWith([REDIRECT_URI], requested);
      await expectErrorPage(response, 'invalid_request', INVALID_REDIRECT);
      expect(stores.dump().codes).toEqual([]);
    });
  }

  test('the exact registered URI is accepted, and kept byte for byte in the Location', async () => {
    const registered = 'https://app.example/cb/%7Euser?tenant=a%20b&x';
    const { response } = await authorizeWith([REDIRECT_URI, registered], registered);
    const r = await expectRedirect(response);
    expect(r.location.startsWith(`${registered}&code=`)).toBe(true);
    expect(r.query.get('tenant')).toBe('a b');
    expect(r.query.get('x')).toBe('');
  });

  const loopbackOk: [string, string][] = [
    ['http://127.0.0.1/cb', 'http://127.0.0.1:51234/cb'],
    ['http://127.0.0.1/cb', 'http://127.0.0.1/cb'],
    ['http://127.0.0.1:8080/cb', 'http://127.0.0.1:9090/cb'],
    ['http://127.0.0.1/cb', 'http://127.0.0.1:1/cb'],
    ['http://[::1]/cb', 'http://[::1]:8080/cb'],
    ['http://[::1]:3000/cb?a=1', 'http://[::1]:4000/cb?a=1'],
  ];
  for (const [registered, requested] of loopbackOk) {
    test(`loopback: ${requested} matches ${registered} (any port)`, async () => {
      const { response, stores } = await authorizeWith([registered], requested);
      const r = await expectRedirect(response);
      // The response goes to the port the app asked for, and the code is bound to it.
      expect(r.location.startsWith(requested)).toBe(true);
      expect(r.query.get('code')).toMatch(/^[\w-]{43}$/);
      expect(stores.dump().codes[0]!.redirectUri).toBe(requested);
      expect(redirectUriMatches(registered, requested)).toBe(true);
    });
  }

  const loopbackRefused: [string, string][] = [
    ['http://localhost/cb', 'http://localhost:8080/cb'],
    ['http://localhost:3000/cb', 'http://localhost:4000/cb'],
    ['http://127.0.0.1/cb', 'http://127.0.0.1:8080/cb/'],
    ['http://127.0.0.1/cb', 'http://127.0.0.1:8080/CB'],
    ['http://127.0.0.1/cb', 'http://127.0.0.1:8080/cb?x=1'],
    ['http://127.0.0.1/cb', 'http://127.0.0.1:8080/cb/../cb'],
    ['http://127.0.0.1/cb', 'http://127.0.0.1:/cb'],
    ['http://127.0.0.1/cb', 'https://127.0.0.1:8080/cb'],
    ['http://127.0.0.1/cb', 'HTTP://127.0.0.1:8080/cb'],
    ['http://127.0.0.1/cb', 'http://127.0.0.2:8080/cb'],
    ['http://127.0.0.1/cb', 'http://127.0.0.1:8080@evil.example/cb'],
    ['http://127.0.0.1/cb', 'http://127.0.0.1.evil.example:8080/cb'],
    ['http://127.0.0.1/cb', 'http://[::1]:8080/cb'],
    ['http://[::1]/cb', 'http://[0:0:0:0:0:0:0:1]:8080/cb'],
    ['http://[::1]/cb', 'http://127.0.0.1:8080/cb'],
  ];
  for (const [registered, requested] of loopbackRefused) {
    test(`loopback: ${requested} does not match ${registered}: error page`, async () => {
      const { response, stores } = await authorizeWith([registered], requested);
      await expectErrorPage(response, 'invalid_request', INVALID_REDIRECT);
      expect(stores.dump().codes).toEqual([]);
      expect(redirectUriMatches(registered, requested)).toBe(false);
    });
  }
});

describe('SECURITY 3: what may be registered as a redirect URI (redirectUriProblem)', () => {
  const refused: [string, RegExp][] = [
    ['https://app.example/cb#frag', /fragment/],
    ['https://app.example/cb#', /fragment/],
    ['https://user@app.example/cb', /userinfo/],
    ['https://user:pw@app.example/cb', /userinfo/],
    ['https://app.example@evil.example/cb', /userinfo/],
    ['https://:@app.example/cb', /userinfo/],
    ['http://app.example/cb', /https/],
    ['http://127.0.0.1.evil.example/cb', /https/],
    ['ftp://app.example/cb', /https/],
    ['myapp:/cb', /private-use/],
    ['javascript:alert(1)', /javascript/],
    ['JavaScript:alert(1)', /javascript/],
    ['JAVASCRIPT://app.example/%0Aalert(1)', /javascript/],
    ['data:text/html,<script>alert(1)</script>', /data/],
    ['DaTa:,x', /data/],
    ['vbscript:msgbox(1)', /vbscript/],
    ['VBScript:msgbox(1)', /vbscript/],
    ['file:///etc/passwd', /file/],
    ['FILE://localhost/etc/passwd', /file/],
    [' javascript:alert(1)', /whitespace/],
    ['\tjavascript:alert(1)', /whitespace/],
    ['\njavascript:alert(1)', /whitespace/],
    ['\u00a0javascript:alert(1)', /whitespace/],
    ['java\tscript:alert(1)', /whitespace/],
    [' data:,x', /whitespace/],
    ['  vbscript:x', /whitespace/],
    [' file:///etc/passwd', /whitespace/],
    ['https://app.example/cb ', /whitespace/],
    ['https://app.example/c b', /whitespace/],
    ['/cb', /absolute/],
    ['app.example/cb', /absolute/],
    ['', /absolute/],
  ];
  for (const [uri, reason] of refused) {
    test(`${JSON.stringify(uri)} is refused`, () => {
      expect(redirectUriProblem(uri)).toMatch(reason);
    });
  }

  const accepted = [
    'https://app.example/cb',
    'https://app.example/cb?tenant=a',
    'https://app.example:8443/cb',
    'http://127.0.0.1/cb',
    'http://127.0.0.1:8080/cb',
    'http://[::1]/cb',
    'http://[::1]:8080/cb',
    'com.example.app:/oauth2redirect',
    'com.example.app:/cb',
  ];
  for (const uri of accepted) {
    test(`${uri} may be registered`, () => {
      expect(redirectUriProblem(uri)).toBeNull();
    });
  }

  test('a private-use scheme URI works end to end for a native (public) client', async () => {
    const { server, stores } = createTestServer();
    const native = 'com.example.app:/oauth2redirect';
    const client = await registerAuthzClient(stores, {
      redirectUris: [native],
      tokenEndpointAuthMethod: 'none',
    });
    const r = await expectRedirect(
      await server.createAuthorizationResponse(
        authorizeRequest(codeParams(client, { redirect_uri: native })),
        testUser(),
      ),
    );
    expect(r.base).toBe(native);
    expect(r.query.get('code')).toMatch(/^[\w-]{43}$/);
  });

  // Clients may reach a store without going through registration checks (an admin tool, an
  // import): the authorization endpoint must still never redirect to such a URI.
  const storedBadUris = [
    'javascript:alert(document.cookie)//',
    ' JavaScript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'https://app.example/cb#fragment',
    'https://user@app.example/cb',
    'http://app.example/cb',
  ];
  for (const stored of storedBadUris) {
    test(`a stored ${JSON.stringify(stored)} is never redirected to`, async () => {
      const { server, stores } = createTestServer();
      const client = await registerAuthzClient(stores, { redirectUris: [stored] });
      const { redirect_uri: _, ...omitted } = codeParams(client);
      for (const params of [omitted, codeParams(client, { redirect_uri: stored })]) {
        const response = await server.createAuthorizationResponse(
          authorizeRequest(params),
          testUser(),
        );
        await expectErrorPage(response, 'invalid_request', INVALID_REDIRECT);
        const denied = await server.createAuthorizationResponse(authorizeRequest(params), null);
        await expectErrorPage(denied, 'invalid_request', INVALID_REDIRECT);
      }
      expect(stores.dump().codes).toEqual([]);
    });
  }
});
