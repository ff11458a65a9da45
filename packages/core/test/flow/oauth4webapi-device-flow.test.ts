import * as oauth from 'oauth4webapi';
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import {
  type AuthorizationServer,
  createAuthorizationServer,
  DEVICE_CODE_GRANT_TYPE,
} from '../../src/index.js';
import { createMemoryStores } from '../../src/testing.js';
import { registerClient, type TestClient, testUser } from '../helpers.js';
import { type LocalServer, serveWebHandler } from './serve-web-handler.js';

// The device authorization grant (RFC 8628) driven by a strict reference client (oauth4webapi)
// over real HTTP on 127.0.0.1: discovery, the device authorization request, then polling the
// token endpoint with processDeviceCodeResponse as a device does, honouring `interval` and
// `slow_down`, until the user approves (tokens) or denies (access_denied).

const insecure = { [oauth.allowInsecureRequests]: true } as const;

let http: LocalServer;
let server: AuthorizationServer;
let as: oauth.AuthorizationServer;
let device: TestClient;
const stores = createMemoryStores();
/** Every code and token issued in this file, to check that no store keeps one in clear. */
const issued: string[] = [];

beforeAll(async () => {
  http = await serveWebHandler(async (request) => {
    const { pathname } = new URL(request.url);
    if (pathname === '/.well-known/oauth-authorization-server') {
      return server.createEndpointResponse('metadata', request);
    }
    if (pathname === '/device_authorization') {
      return server.createEndpointResponse('device_authorization', request);
    }
    if (pathname === '/token') return server.createTokenResponse(request);
    return new Response('not found', { status: 404 });
  });
  server = createAuthorizationServer({
    ...stores,
    config: {
      issuer: http.origin,
      refreshTokenGenerator: true,
      deviceAuthorization: { verificationUri: `${http.origin}/device`, intervalSeconds: 2 },
    },
  });
  device = await registerClient(stores, {
    tokenEndpointAuthMethod: 'none',
    grantTypes: [DEVICE_CODE_GRANT_TYPE, 'refresh_token'],
    scope: 'read write',
  });
  const issuer = new URL(http.origin);
  as = await oauth.processDiscoveryResponse(
    issuer,
    await oauth.discoveryRequest(issuer, { algorithm: 'oauth2', ...insecure }),
  );
});

afterEach(() => {
  vi.useRealTimers();
});

afterAll(async () => {
  await http?.close();
});

const client = () => ({ client_id: device.clientId }) as oauth.Client;

async function startDevice(scope = 'read write') {
  const response = await oauth.deviceAuthorizationRequest(
    as,
    client(),
    oauth.None(),
    { scope },
    insecure,
  );
  const started = await oauth.processDeviceAuthorizationResponse(as, client(), response);
  issued.push(started.device_code, started.user_code.replace('-', ''));
  return started;
}

/** One poll; the OAuth error code, or the tokens. */
async function pollOnce(deviceCode: string) {
  const response = await oauth.deviceCodeGrantRequest(
    as,
    client(),
    oauth.None(),
    deviceCode,
    insecure,
  );
  try {
    return { tokens: await oauth.processDeviceCodeResponse(as, client(), response) };
  } catch (error) {
    if (error instanceof oauth.ResponseBodyError) return { error: error.error };
    throw error;
  }
}

/** Lets `seconds` pass for the device and the server alike (`Date` only, this process). */
function wait(seconds: number) {
  vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
  vi.setSystemTime(Date.now() + seconds * 1000);
}

describe('device flow with oauth4webapi (RFC 8628)', () => {
  test('the metadata names the device authorization endpoint and the grant', () => {
    expect(as.device_authorization_endpoint).toBe(`${http.origin}/device_authorization`);
    expect(as.grant_types_supported).toContain(DEVICE_CODE_GRANT_TYPE);
  });

  test('polls through authorization_pending and slow_down to tokens once approved', async () => {
    const started = await startDevice();
    expect(started.interval).toBe(2);
    expect(started.verification_uri).toBe(`${http.origin}/device`);
    expect(started.verification_uri_complete).toBe(
      `${http.origin}/device?user_code=${started.user_code}`,
    );
    let interval = started.interval!;
    expect(await pollOnce(started.device_code)).toEqual({ error: 'authorization_pending' });
    // A device that polls too early is told to slow down, and must add 5 s for good.
    expect(await pollOnce(started.device_code)).toEqual({ error: 'slow_down' });
    interval += 5;
    // The user enters the code on the verification page, typed loosely, and approves.
    const typed = started.user_code.toLowerCase().replace('-', ' ');
    const pending = await server.validateUserCode(typed, { key: 'browser-session' });
    expect(pending.client.clientId).toBe(device.clientId);
    expect(pending.scope).toBe('read write');
    await server.approveDeviceAuthorization(typed, testUser('henry'), {
      key: 'browser-session',
      scope: 'read',
    });
    // The device, waiting its interval between polls, gets its tokens.
    let result = await pollOnce(started.device_code);
    for (let polls = 0; result.error !== undefined && polls < 5; polls++) {
      expect(result.error).toBe('slow_down');
      interval += 5;
      wait(interval);
      result = await pollOnce(started.device_code);
    }
    const tokens = result.tokens;
    if (!tokens) throw new Error(`no tokens: ${JSON.stringify(result)}`);
    issued.push(tokens.access_token, tokens.refresh_token!);
    expect(tokens.token_type).toBe('bearer');
    expect(tokens.scope).toBe('read');
    expect(tokens.refresh_token).toEqual(expect.any(String));
    // The same device code never issues twice.
    wait(interval * 2);
    expect(await pollOnce(started.device_code)).toEqual({ error: 'invalid_grant' });
  });

  test('a denial reaches the device as access_denied', async () => {
    const started = await startDevice('read');
    await server.denyDeviceAuthorization(started.user_code, { key: 'browser-session' });
    expect(await pollOnce(started.device_code)).toEqual({ error: 'access_denied' });
  });

  test('an expired device code is expired_token', async () => {
    const started = await startDevice('read');
    wait(started.expires_in);
    expect(await pollOnce(started.device_code)).toEqual({ error: 'expired_token' });
  });

  test('the store holds none of the codes or tokens in clear', () => {
    const dump = JSON.stringify(stores.dump());
    expect(issued.length).toBeGreaterThan(4);
    for (const value of issued) expect(dump).not.toContain(value);
  });
});
