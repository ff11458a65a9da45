import { afterEach, describe, expect, test, vi } from 'vitest';
import {
  createTestServer,
  expectError,
  expectToken,
  ISSUER,
  registerClient,
  type TestClient,
  type TestServerOptions,
  testUser,
  tokenRequest,
} from '../../test/helpers.js';
import { digestToken } from '../crypto/digest.js';
import { createMemoryRateLimiter } from '../rate-limit/memory-rate-limiter.js';
import type { AuthorizationServer } from '../server/authorization-server.js';
import { createMemoryStores } from '../stores/memory-stores.js';
import { DEVICE_CODE_GRANT_TYPE } from './device-code-grant-type.js';
import {
  digestUserCode,
  generateUserCode,
  normalizeUserCode,
  USER_CODE_ALPHABET,
} from './user-code.js';

const VERIFICATION_URI = 'https://as.example/device';
const CALLER = { key: 'session-1' };

afterEach(() => {
  vi.useRealTimers();
});

function setup(options: TestServerOptions = {}) {
  const memory = createMemoryStores();
  const { server, stores } = createTestServer({
    memory,
    ...options,
    config: { deviceAuthorization: { verificationUri: VERIFICATION_URI }, ...options.config },
  });
  return { server, stores };
}

type Stores = ReturnType<typeof createMemoryStores>;

function deviceClient(stores: Stores, extra: Parameters<typeof registerClient>[1] = {}) {
  return registerClient(stores, {
    grantTypes: [DEVICE_CODE_GRANT_TYPE, 'refresh_token'],
    ...extra,
  });
}

interface DeviceResponse {
  device_code: string;
  user_code: string;
  verification_uri: string;
  verification_uri_complete: string;
  expires_in: number;
  interval: number;
}

async function authorizeDevice(
  server: AuthorizationServer,
  client: TestClient,
  params: Record<string, string> = {},
): Promise<DeviceResponse> {
  const auth = client.secret === undefined ? { publicClient: client } : { basic: client };
  const response = await server.createEndpointResponse(
    'device_authorization',
    tokenRequest(params, auth),
  );
  const text = await response.text();
  expect(response.status, text).toBe(200);
  expect(response.headers.get('cache-control')).toBe('no-store');
  return JSON.parse(text) as DeviceResponse;
}

function poll(server: AuthorizationServer, client: TestClient, deviceCode: string) {
  const auth = client.secret === undefined ? { publicClient: client } : { basic: client };
  return server.createTokenResponse(
    tokenRequest({ grant_type: DEVICE_CODE_GRANT_TYPE, device_code: deviceCode }, auth),
  );
}

/** Moves the clock forward (only `Date`: the server reads `new Date()`). */
function advance(seconds: number) {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(Date.now() + seconds * 1000);
}

describe('device authorization endpoint (RFC 8628 3.1, 3.2)', () => {
  test('answers every field; the store keeps digests only', async () => {
    const { server, stores } = setup();
    const client = await deviceClient(stores);
    const body = await authorizeDevice(server, client, { scope: 'read' });
    expect(body.device_code).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(body.user_code).toMatch(
      new RegExp(`^[${USER_CODE_ALPHABET}]{4}-[${USER_CODE_ALPHABET}]{4}$`),
    );
    expect(body.verification_uri).toBe(VERIFICATION_URI);
    expect(body.verification_uri_complete).toBe(`${VERIFICATION_URI}?user_code=${body.user_code}`);
    expect(body.expires_in).toBe(600);
    expect(body.interval).toBe(5);
    const [record] = stores.dump().deviceCodes;
    expect(record).toMatchObject({
      deviceCodeDigest: digestToken(body.device_code),
      userCodeDigest: digestUserCode(normalizeUserCode(body.user_code)!),
      clientId: client.clientId,
      scope: 'read',
      status: 'pending',
      interval: 5,
    });
    const dumped = JSON.stringify(stores.dump().deviceCodes);
    expect(dumped).not.toContain(body.device_code);
    expect(dumped).not.toContain(body.user_code.replace('-', ''));
  });

  test('public clients name themselves with client_id; lifetimes come from the config', async () => {
    const { server, stores } = setup({
      config: {
        deviceAuthorization: {
          verificationUri: VERIFICATION_URI,
          deviceCodeExpiresIn: 900,
          intervalSeconds: 10,
        },
      },
    });
    const client = await deviceClient(stores, { tokenEndpointAuthMethod: 'none' });
    const body = await authorizeDevice(server, client);
    expect(body.expires_in).toBe(900);
    expect(body.interval).toBe(10);
  });

  test('a client not registered for the device grant is unauthorized_client', async () => {
    const { server, stores } = setup();
    const client = await registerClient(stores);
    const response = await server.createEndpointResponse(
      'device_authorization',
      tokenRequest({}, { basic: client }),
    );
    await expectError(response, 400, 'unauthorized_client');
    expect(stores.dump().deviceCodes).toEqual([]);
  });

  test('client authentication as at the token endpoint: a wrong secret is invalid_client', async () => {
    const { server, stores } = setup();
    const client = await deviceClient(stores);
    const response = await server.createEndpointResponse(
      'device_authorization',
      tokenRequest({}, { basic: { ...client, secret: 'wrong' } }),
    );
    await expectError(response, 401, 'invalid_client');
  });

  test('scope is checked as the token endpoint checks it', async () => {
    const { server, stores } = setup();
    const client = await deviceClient(stores, { scope: 'read' });
    const response = await server.createEndpointResponse(
      'device_authorization',
      tokenRequest({ scope: 'read write' }, { basic: client }),
    );
    await expectError(response, 400, 'invalid_scope');
  });

  test('POST with a form only; repeated parameters refused', async () => {
    const { server, stores } = setup();
    const client = await deviceClient(stores);
    const get = await server.createEndpointResponse(
      'device_authorization',
      tokenRequest({}, { basic: client, method: 'GET' }),
    );
    expect(get.status).toBe(405);
    const repeated = await server.createEndpointResponse(
      'device_authorization',
      tokenRequest('scope=read&scope=write', { basic: client }),
    );
    await expectError(repeated, 400, 'invalid_request');
  });

  test('published in the metadata, with the grant type', async () => {
    const { server } = setup();
    const metadata = await server.metadata();
    expect(metadata.device_authorization_endpoint).toBe(`${ISSUER}/device_authorization`);
    expect(metadata.grant_types_supported).toContain(DEVICE_CODE_GRANT_TYPE);
  });

  test('a store failure fails closed (503), nothing answered', async () => {
    const { server, stores } = setup();
    const client = await deviceClient(stores);
    stores.deviceCodes.saveDeviceCode = async () => {
      throw new Error('connection refused');
    };
    const response = await server.createEndpointResponse(
      'device_authorization',
      tokenRequest({}, { basic: client }),
    );
    await expectError(response, 503, 'temporarily_unavailable');
  });
});

describe('configuration', () => {
  test('verificationUri is required; unknown keys and bad values are refused at construction', () => {
    const build = (deviceAuthorization: unknown) => () =>
      createTestServer({ config: { deviceAuthorization } as never });
    expect(build({})).toThrow(/verificationUri is required/);
    expect(build({ verificationUri: 'http://evil.example/device' })).toThrow(/https/);
    expect(build({ verificationUri: VERIFICATION_URI, interval: 5 })).toThrow(
      /deviceAuthorization\.interval is not an option/,
    );
    expect(build({ verificationUri: VERIFICATION_URI, deviceCodeExpiresIn: 3_600 })).toThrow(
      /deviceCodeExpiresIn/,
    );
    expect(build({ verificationUri: VERIFICATION_URI, intervalSeconds: 0 })).toThrow(
      /intervalSeconds/,
    );
  });

  test('a server without a deviceCodes store refuses to start', () => {
    const memory = createMemoryStores();
    const { deviceCodes: _, ...withoutDevice } = memory;
    expect(() =>
      createTestServer({
        stores: withoutDevice,
        config: { deviceAuthorization: { verificationUri: VERIFICATION_URI } },
      }),
    ).toThrow(/needs a deviceCodes store/);
  });

  test('off by default: no endpoint, no grant', async () => {
    const { server } = createTestServer();
    expect(server.endpoints.has('device_authorization')).toBe(false);
    expect((await server.metadata()).grant_types_supported).not.toContain(DEVICE_CODE_GRANT_TYPE);
  });
});

describe('device code grant (RFC 8628 3.4, 3.5)', () => {
  test('pending, then tokens once after approval; refresh token for refresh_token clients', async () => {
    const { server, stores } = setup();
    const client = await deviceClient(stores);
    const { device_code, user_code } = await authorizeDevice(server, client, {
      scope: 'read write',
    });
    await expectError(await poll(server, client, device_code), 400, 'authorization_pending');
    await server.approveDeviceAuthorization(user_code, testUser('u1'), {
      ...CALLER,
      scope: 'read',
    });
    advance(5);
    const token = await expectToken(await poll(server, client, device_code));
    expect(token.scope).toBe('read');
    expect(token.refresh_token).toBeDefined();
    const [saved] = stores.dump().tokens;
    expect(saved).toMatchObject({ userId: 'u1', grantType: DEVICE_CODE_GRANT_TYPE });
    advance(5);
    await expectError(await poll(server, client, device_code), 400, 'invalid_grant');
    expect(stores.dump().tokens).toHaveLength(1);
  });

  test('no refresh token for a client without refresh_token', async () => {
    const { server, stores } = setup();
    const client = await deviceClient(stores, { grantTypes: [DEVICE_CODE_GRANT_TYPE] });
    const { device_code, user_code } = await authorizeDevice(server, client);
    await server.approveDeviceAuthorization(user_code, testUser(), CALLER);
    const token = await expectToken(await poll(server, client, device_code));
    expect(token.refresh_token).toBeUndefined();
  });

  test('denied: access_denied (400), and no token ever', async () => {
    const { server, stores } = setup();
    const client = await deviceClient(stores);
    const { device_code, user_code } = await authorizeDevice(server, client);
    await server.denyDeviceAuthorization(user_code, CALLER);
    await expectError(await poll(server, client, device_code), 400, 'access_denied');
    expect(stores.dump().tokens).toEqual([]);
  });

  test('expired: expired_token, even when approved', async () => {
    const { server, stores } = setup();
    const client = await deviceClient(stores);
    const { device_code, user_code } = await authorizeDevice(server, client);
    await server.approveDeviceAuthorization(user_code, testUser(), CALLER);
    advance(600);
    await expectError(await poll(server, client, device_code), 400, 'expired_token');
    expect(stores.dump().tokens).toEqual([]);
  });

  test("another client's device code is invalid_grant and leaves the record untouched", async () => {
    const { server, stores } = setup();
    const owner = await deviceClient(stores);
    const other = await deviceClient(stores);
    const { device_code, user_code } = await authorizeDevice(server, owner);
    await server.approveDeviceAuthorization(user_code, testUser(), CALLER);
    await expectError(await poll(server, other, device_code), 400, 'invalid_grant');
    expect(stores.dump().deviceCodes[0]).toMatchObject({ lastPolledAt: null, redeemedAt: null });
    await expectToken(await poll(server, owner, device_code));
  });

  test('unknown or missing device_code', async () => {
    const { server, stores } = setup();
    const client = await deviceClient(stores);
    await expectError(await poll(server, client, 'nope'), 400, 'invalid_grant');
    const missing = await server.createTokenResponse(
      tokenRequest({ grant_type: DEVICE_CODE_GRANT_TYPE }, { basic: client }),
    );
    await expectError(missing, 400, 'invalid_request');
  });

  test.each(['findByDeviceCode', 'pollDeviceCode', 'redeemDeviceCode'] as const)(
    '%s failing: 503 and nothing issued',
    async (method) => {
      const { server, stores } = setup();
      const client = await deviceClient(stores);
      const { device_code, user_code } = await authorizeDevice(server, client);
      await server.approveDeviceAuthorization(user_code, testUser(), CALLER);
      stores.deviceCodes[method] = async () => {
        throw new Error('connection refused');
      };
      await expectError(await poll(server, client, device_code), 503, 'temporarily_unavailable');
      expect(stores.dump().tokens).toEqual([]);
    },
  );
});

describe('verification API (RFC 8628 3.3, 5.1)', () => {
  test('looks a code up however it is typed: case, spaces and dashes do not count', async () => {
    const { server, stores } = setup();
    const client = await deviceClient(stores);
    const { user_code } = await authorizeDevice(server, client, { scope: 'read' });
    const typed = ` ${user_code.toLowerCase().replace('-', ' - ')} `;
    const pending = await server.validateUserCode(typed, CALLER);
    expect(pending.client.clientId).toBe(client.clientId);
    expect(pending.scope).toBe('read');
    expect(pending.userCode).toBe(user_code);
  });

  test('unknown, malformed, expired and answered codes fail alike', async () => {
    const { server, stores } = setup();
    const client = await deviceClient(stores);
    const answered = await authorizeDevice(server, client);
    await server.denyDeviceAuthorization(answered.user_code, CALLER);
    const expired = await authorizeDevice(server, client);
    const messages: string[] = [];
    const attempt = async (code: string) => {
      const error = await server.validateUserCode(code, CALLER).catch((e: unknown) => e);
      expect(error).toMatchObject({ error: 'invalid_grant', description: 'user_code_invalid' });
      messages.push((error as Error).message);
    };
    await attempt('BCDF-GHJK');
    await attempt('not a code');
    await attempt(answered.user_code);
    advance(600);
    await attempt(expired.user_code);
    expect(new Set(messages).size).toBe(1);
  });

  test('approval scope: at most what the device asked for', async () => {
    const { server, stores } = setup();
    const client = await deviceClient(stores);
    const { user_code } = await authorizeDevice(server, client, { scope: 'read' });
    await expect(
      server.approveDeviceAuthorization(user_code, testUser(), { ...CALLER, scope: 'read write' }),
    ).rejects.toMatchObject({ error: 'invalid_scope' });
    expect(stores.dump().deviceCodes[0]!.status).toBe('pending');
  });

  test('an approval racing a denial: one wins, the other fails like an unknown code', async () => {
    const { server, stores } = setup();
    const client = await deviceClient(stores);
    const { user_code } = await authorizeDevice(server, client);
    const results = await Promise.allSettled([
      server.approveDeviceAuthorization(user_code, testUser(), CALLER),
      server.denyDeviceAuthorization(user_code, CALLER),
      server.approveDeviceAuthorization(user_code, testUser('u2'), CALLER),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results) {
      if (r.status === 'rejected') expect(r.reason).toMatchObject({ error: 'invalid_grant' });
    }
  });

  test('a caller key is required', async () => {
    const { server } = setup();
    await expect(server.validateUserCode('BCDF-GHJK', { key: '' })).rejects.toThrow(TypeError);
  });
});

describe('SECURITY 40: user codes resist guessing; device codes issue tokens once; slow_down', () => {
  test('user codes: 8 characters of 20 consonants (20^8 codes), drawn from the CSPRNG', () => {
    expect(USER_CODE_ALPHABET).toHaveLength(20);
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const code = generateUserCode();
      expect(normalizeUserCode(code)).toHaveLength(8);
      seen.add(code);
    }
    expect(seen.size).toBe(200);
  });

  test('a user code is single use: once answered it fails like an unknown one', async () => {
    const { server, stores } = setup();
    const client = await deviceClient(stores);
    const { user_code } = await authorizeDevice(server, client);
    await server.approveDeviceAuthorization(user_code, testUser(), CALLER);
    await expect(server.validateUserCode(user_code, CALLER)).rejects.toMatchObject({
      error: 'invalid_grant',
    });
    await expect(server.denyDeviceAuthorization(user_code, CALLER)).rejects.toMatchObject({
      error: 'invalid_grant',
    });
  });

  test('50 concurrent polls after approval: exactly one gets tokens', async () => {
    const { server, stores } = setup();
    const client = await deviceClient(stores);
    const { device_code, user_code } = await authorizeDevice(server, client);
    await server.approveDeviceAuthorization(user_code, testUser(), CALLER);
    const responses = await Promise.all(
      Array.from({ length: 50 }, () => poll(server, client, device_code)),
    );
    expect(responses.filter((r) => r.status === 200)).toHaveLength(1);
    expect(stores.dump().tokens).toHaveLength(1);
  });

  test('polling faster than the interval is slow_down, and the interval grows by 5 s for good', async () => {
    const { server, stores } = setup();
    const client = await deviceClient(stores);
    const { device_code } = await authorizeDevice(server, client);
    await expectError(await poll(server, client, device_code), 400, 'authorization_pending');
    await expectError(await poll(server, client, device_code), 400, 'slow_down');
    expect(stores.dump().deviceCodes[0]!.interval).toBe(10);
    advance(6); // the old interval has passed, the new one has not
    await expectError(await poll(server, client, device_code), 400, 'slow_down');
    expect(stores.dump().deviceCodes[0]!.interval).toBe(15);
    advance(15);
    await expectError(await poll(server, client, device_code), 400, 'authorization_pending');
  });

  test('guessing is limited per code: after 5 failures the code is refused, even the right one', async () => {
    const { server, stores } = setup();
    const client = await deviceClient(stores);
    const { user_code } = await authorizeDevice(server, client);
    // The code was denied, so each attempt fails; 5 failures from 5 callers lock the code.
    await server.denyDeviceAuthorization(user_code, CALLER);
    for (let i = 0; i < 5; i++) {
      await expect(server.validateUserCode(user_code, { key: `c${i}` })).rejects.toMatchObject({
        error: 'invalid_grant',
      });
    }
    await expect(server.validateUserCode(user_code, { key: 'fresh' })).rejects.toMatchObject({
      status: 429,
    });
  });

  test('guessing is limited per caller key, and the limit hides whether the code exists', async () => {
    const limiter = createMemoryRateLimiter({
      rules: { address: { maxFailures: 3, windowMs: 60_000 } },
    });
    const { server, stores } = setup({ rateLimit: { limiter } });
    const client = await deviceClient(stores);
    const { user_code } = await authorizeDevice(server, client);
    const guesses = ['BCDF-GHJK', 'BCDF-GHJL', 'BCDF-GHJM'];
    for (const guess of guesses) {
      if (guess === user_code) continue;
      await expect(server.validateUserCode(guess, CALLER)).rejects.toMatchObject({
        error: 'invalid_grant',
      });
    }
    // Limited now: the right code is refused too, with the same 429 as a wrong one.
    await expect(server.validateUserCode(user_code, CALLER)).rejects.toMatchObject({
      status: 429,
    });
    await expect(server.validateUserCode('BCDF-GHJN', CALLER)).rejects.toMatchObject({
      status: 429,
    });
    // Another caller is not limited.
    await expect(server.validateUserCode(user_code, { key: 'other' })).resolves.toBeDefined();
  });
});
