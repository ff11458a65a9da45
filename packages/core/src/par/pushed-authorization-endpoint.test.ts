import { afterEach, describe, expect, test, vi } from 'vitest';
import { basicAuth, createTestServer, registerAuthzClient, testUser } from '../../test/helpers.js';
import { createMemoryRateLimiter } from '../rate-limit/memory-rate-limiter.js';
import { createMemoryStores } from '../stores/memory-stores.js';
import { REQUEST_URI_PREFIX } from './request-uri.js';

const CHALLENGE = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGjSstw-cM';
const REDIRECT = 'https://app.example/cb';

function setup(options: { failSave?: boolean } = {}) {
  const memory = createMemoryStores();
  const pushedRequests = options.failSave
    ? {
        ...memory.pushedRequests,
        savePushedRequest: async () => {
          throw new Error('database down');
        },
      }
    : memory.pushedRequests;
  const { server } = createTestServer({
    memory,
    pushedRequests,
    config: { pushedAuthorizationRequests: {} },
    onServerError: () => {},
  });
  return { server, memory };
}

async function pushAs(
  server: ReturnType<typeof setup>['server'],
  clientId: string,
  extra: Record<string, string> = {},
) {
  return server.createEndpointResponse(
    'pushed_authorization_request',
    new Request('https://as.example/par', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        client_id: clientId,
        response_type: 'code',
        redirect_uri: REDIRECT,
        scope: 'read',
        state: 'st',
        code_challenge: CHALLENGE,
        code_challenge_method: 'S256',
        ...extra,
      }),
    }),
  );
}

function decide(server: ReturnType<typeof setup>['server'], clientId: string, requestUri: string) {
  const query = new URLSearchParams({ client_id: clientId, request_uri: requestUri });
  return server.createAuthorizationResponse(
    new Request(`https://as.example/authorize?${query}`),
    testUser(),
  );
}

afterEach(() => {
  vi.useRealTimers();
});

describe('SECURITY 42: PAR request_uri random, short-lived, single use, bound to its client; errors never redirected', () => {
  test('random: 256 bits after the RFC 9126 prefix, never the same twice', async () => {
    const { server, memory } = setup();
    const { clientId } = await registerAuthzClient(memory, { tokenEndpointAuthMethod: 'none' });
    const uris = new Set<string>();
    for (let i = 0; i < 50; i++) {
      const response = await pushAs(server, clientId);
      expect(response.status).toBe(201);
      const { request_uri } = await response.json();
      expect(request_uri.startsWith(REQUEST_URI_PREFIX)).toBe(true);
      expect(request_uri.slice(REQUEST_URI_PREFIX.length)).toMatch(/^[A-Za-z0-9_-]{43}$/);
      uris.add(request_uri);
    }
    expect(uris.size).toBe(50);
    // Only digests are stored (rule 26).
    const dump = JSON.stringify(memory.dump().pushedRequests);
    for (const uri of uris) expect(dump).not.toContain(uri.slice(REQUEST_URI_PREFIX.length));
  });

  test('short-lived: 60 seconds by default, refused one second after', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2030-01-01T00:00:00Z'));
    const { server, memory } = setup();
    const { clientId } = await registerAuthzClient(memory, { tokenEndpointAuthMethod: 'none' });
    const { request_uri, expires_in } = await (await pushAs(server, clientId)).json();
    expect(expires_in).toBe(60);
    vi.setSystemTime(new Date('2030-01-01T00:01:00Z'));
    const late = await decide(server, clientId, request_uri);
    expect(late.status).toBe(400);
    expect(late.headers.get('location')).toBeNull();
    expect((await late.json()).error).toBe('invalid_request_uri');
  });

  test('single use: of 50 concurrent decisions exactly one gets a code', async () => {
    const { server, memory } = setup();
    const { clientId } = await registerAuthzClient(memory, { tokenEndpointAuthMethod: 'none' });
    const { request_uri } = await (await pushAs(server, clientId)).json();
    const responses = await Promise.all(
      Array.from({ length: 50 }, () => decide(server, clientId, request_uri)),
    );
    const redirected = responses.filter((r) => r.status === 302);
    expect(redirected).toHaveLength(1);
    expect(new URL(redirected[0]!.headers.get('location')!).searchParams.get('code')).toBeTruthy();
    expect(responses.filter((r) => r.status === 400)).toHaveLength(49);
    expect(memory.dump().codes).toHaveLength(1);
  });

  test("bound to its client: another client's attempt is refused and burns nothing", async () => {
    const { server, memory } = setup();
    const owner = await registerAuthzClient(memory, { tokenEndpointAuthMethod: 'none' });
    const other = await registerAuthzClient(memory, { tokenEndpointAuthMethod: 'none' });
    const { request_uri } = await (await pushAs(server, owner.clientId)).json();
    const stolen = await decide(server, other.clientId, request_uri);
    expect(stolen.status).toBe(400);
    expect(stolen.headers.get('location')).toBeNull();
    expect((await decide(server, owner.clientId, request_uri)).status).toBe(302);
  });

  test('errors at the PAR endpoint are never redirected, whatever failed', async () => {
    const { server, memory } = setup();
    const { clientId } = await registerAuthzClient(memory, { tokenEndpointAuthMethod: 'none' });
    const refused: Record<string, string>[] = [
      { scope: 'admin' },
      { response_type: 'token' },
      { code_challenge: 'short' },
      { redirect_uri: 'https://evil.example/cb' },
      { resource: 'https://unknown.example/' },
    ];
    for (const extra of refused) {
      const response = await pushAs(server, clientId, extra);
      expect(response.status, JSON.stringify(extra)).toBe(400);
      expect(response.headers.get('location')).toBeNull();
      expect(response.headers.get('cache-control')).toBe('no-store');
    }
    expect(memory.dump().pushedRequests).toEqual([]);
  });

  test('a store failure at the PAR endpoint is a 503, and no request_uri is handed out', async () => {
    const { server, memory } = setup({ failSave: true });
    const { clientId } = await registerAuthzClient(memory, { tokenEndpointAuthMethod: 'none' });
    const response = await pushAs(server, clientId);
    expect(response.status).toBe(503);
    expect(await response.json()).not.toHaveProperty('request_uri');
  });
});

describe('SECURITY 31 at the PAR endpoint', () => {
  test('failed client authentications count with the rateLimit option: then one 429', async () => {
    const memory = createMemoryStores();
    const limiter = createMemoryRateLimiter({
      rules: { clientId: { maxFailures: 3, windowMs: 60_000 } },
    });
    const { server } = createTestServer({
      memory,
      config: { pushedAuthorizationRequests: {} },
      rateLimit: { limiter },
    });
    const client = await registerAuthzClient(memory);
    const push = (secret: string) =>
      server.createEndpointResponse(
        'pushed_authorization_request',
        new Request('https://as.example/par', {
          method: 'POST',
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            authorization: basicAuth(client.clientId, secret),
          },
          body: new URLSearchParams({
            response_type: 'code',
            redirect_uri: REDIRECT,
            code_challenge: CHALLENGE,
            code_challenge_method: 'S256',
          }),
        }),
      );
    for (let i = 0; i < 3; i++) expect((await push('wrong')).status).toBe(401);
    // Limited: even the right secret gets the same 429, before it is checked.
    const limited = await push(client.secret!);
    expect(limited.status).toBe(429);
    expect((await limited.json()).error).toBe('temporarily_unavailable');
  });
});
