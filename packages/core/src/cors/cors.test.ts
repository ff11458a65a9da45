import { describe, expect, test } from 'vitest';
import { createTestServer, registerClient, tokenRequest } from '../../test/helpers.js';
import { createFetchHandler } from '../web/fetch-handler.js';
import { resolveCors } from './cors.js';

const SPA = 'https://spa.example';

function preflight(path: string, origin: string, method = 'POST') {
  return new Request(`https://as.example${path}`, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': method },
  });
}

describe('CORS for browser clients', () => {
  test('off by default: no CORS header for any origin, and OPTIONS stays 405', async () => {
    const { server } = createTestServer();
    const response = await server.createEndpointResponse('token', preflight('/token', SPA));
    expect(response.status).toBe(405);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });

  test('configured origins: token, revocation and metadata answer; the preflight is cacheable', async () => {
    const { server } = createTestServer({
      config: { cors: { origins: [SPA], maxAgeSeconds: 60 } },
    });
    for (const [name, path, method] of [
      ['token', '/token', 'POST'],
      ['revocation', '/revoke', 'POST'],
      ['metadata', '/.well-known/oauth-authorization-server', 'GET'],
    ] as const) {
      const response = await server.createEndpointResponse(name, preflight(path, SPA, method));
      expect(response.status, name).toBe(204);
      expect(response.headers.get('access-control-allow-origin')).toBe(SPA);
      expect(response.headers.get('access-control-allow-methods')).toContain(method);
      expect(response.headers.get('access-control-max-age')).toBe('60');
    }
  });

  test('introspection answers browsers only when its options say so', async () => {
    const off = createTestServer({ config: { cors: { origins: [SPA] } } });
    const closed = await off.server.createEndpointResponse(
      'introspection',
      preflight('/introspect', SPA),
    );
    expect(closed.headers.get('access-control-allow-origin')).toBeNull();
    const on = createTestServer({
      config: { cors: { origins: [SPA] } },
      introspection: { cors: true },
    });
    const open = await on.server.createEndpointResponse(
      'introspection',
      preflight('/introspect', SPA),
    );
    expect(open.headers.get('access-control-allow-origin')).toBe(SPA);
  });

  test("client origins: a request is readable by its client's redirect-URI origin only", async () => {
    const { server, stores } = createTestServer({ config: { cors: { clientOrigins: true } } });
    const spa = await registerClient(stores, {
      tokenEndpointAuthMethod: 'none',
      redirectUris: [`${SPA}/callback`],
    });
    const other = await registerClient(stores, {
      tokenEndpointAuthMethod: 'none',
      redirectUris: ['https://other.example/cb'],
    });
    // The preflight has no client id: it is answered, the response decides.
    const pre = await server.createEndpointResponse('token', preflight('/token', SPA));
    expect(pre.headers.get('access-control-allow-origin')).toBe(SPA);
    const ask = (clientId: string, origin: string) =>
      server.createTokenResponse(
        tokenRequest(
          { grant_type: 'refresh_token', refresh_token: 'unknown', client_id: clientId },
          { headers: { origin } },
        ),
      );
    const mine = await ask(spa.clientId, SPA);
    expect(mine.status).toBe(400);
    expect(mine.headers.get('access-control-allow-origin')).toBe(SPA);
    const notMine = await ask(other.clientId, SPA);
    expect(notMine.headers.get('access-control-allow-origin')).toBeNull();
    const unknown = await ask('nobody', SPA);
    expect(unknown.headers.get('access-control-allow-origin')).toBeNull();
  });

  test('never on the authorization endpoint, even through the Fetch handler with hooks', async () => {
    const { server } = createTestServer({ config: { cors: { origins: [SPA] } } });
    const handler = createFetchHandler(server, {
      getUser: () => null,
      login: () => new Response('login'),
      renderConsent: () => new Response('consent'),
      getConsent: () => false,
    });
    const response = await handler(preflight('/authorize', SPA, 'GET'));
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });

  test.each([
    [{ origins: ['https://spa.example/'] }, /not an origin/],
    [{ origins: ['*'] }, /not an origin/],
    [{ origins: ['null'] }, /not an origin/],
    [{ origins: 'https://spa.example' }, /list of origins/],
    [{ clientOrigins: 'yes' }, /boolean/],
    [{ maxAgeSeconds: -1 }, /0 to 86400/],
    [{ origin: [SPA] }, /config.cors.origin is not an option/],
  ])('config.cors %j is a TypeError', (cors, message) => {
    expect(() => resolveCors(cors, { maxAgeSeconds: 600 })).toThrow(message);
  });
});
