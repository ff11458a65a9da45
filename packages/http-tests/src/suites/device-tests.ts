import { expect, it, vi } from 'vitest';
import { expectNoStore, postForm, type SuiteContext, urlOf } from '../http-client.js';
import { DEVICE_CLIENT_ID, ISSUER, VERIFICATION_URI } from '../http-fixture.js';

const GRANT_TYPE = 'urn:ietf:params:oauth:grant-type:device_code';

interface DeviceBody {
  device_code: string;
  user_code: string;
  verification_uri: string;
  verification_uri_complete: string;
  expires_in: number;
  interval: number;
}

async function startDevice(ctx: SuiteContext, scope = 'profile'): Promise<DeviceBody> {
  const response = await postForm(urlOf(ctx, 'device_authorization'), {
    client_id: DEVICE_CLIENT_ID,
    scope,
  });
  expect(response.status).toBe(200);
  expectNoStore(response);
  return (await response.json()) as DeviceBody;
}

function pollToken(ctx: SuiteContext, deviceCode: string) {
  return postForm(urlOf(ctx, 'token'), {
    grant_type: GRANT_TYPE,
    device_code: deviceCode,
    client_id: DEVICE_CLIENT_ID,
  });
}

async function errorOf(response: Response): Promise<string> {
  expect(response.status).toBe(400);
  expectNoStore(response);
  return ((await response.json()) as { error: string }).error;
}

/**
 * RFC 8628 through the binding: the device authorization endpoint is served from the
 * registry at its path, and the device polls the token endpoint until the user (here the
 * app's verification API, called on the same server) answers.
 */
export function deviceTests(ctx: () => SuiteContext): void {
  it('publishes the device authorization endpoint and the grant in the metadata', async () => {
    const response = await fetch(urlOf(ctx(), '/.well-known/oauth-authorization-server/oauth'));
    const metadata = (await response.json()) as Record<string, unknown>;
    expect(metadata.device_authorization_endpoint).toBe(`${ISSUER}/device_authorization`);
    expect(metadata.grant_types_supported).toContain(GRANT_TYPE);
  });

  it('answers a device authorization request with both codes and the verification URIs', async () => {
    const body = await startDevice(ctx());
    expect(body.device_code).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(body.user_code).toMatch(/^[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}$/);
    expect(body.verification_uri).toBe(VERIFICATION_URI);
    expect(body.verification_uri_complete).toBe(`${VERIFICATION_URI}?user_code=${body.user_code}`);
    expect(body.expires_in).toBe(600);
    expect(body.interval).toBe(5);
  });

  it('refuses a client not registered for the device grant and a GET', async () => {
    const refused = await postForm(urlOf(ctx(), 'device_authorization'), {
      client_id: ctx().fixture.public.clientId,
    });
    expect(await errorOf(refused)).toBe('unauthorized_client');
    const get = await fetch(urlOf(ctx(), 'device_authorization'));
    expect(get.status).toBe(405);
  });

  it('polls: authorization_pending, slow_down, then tokens once after approval', async () => {
    const { device_code, user_code } = await startDevice(ctx());
    expect(await errorOf(await pollToken(ctx(), device_code))).toBe('authorization_pending');
    expect(await errorOf(await pollToken(ctx(), device_code))).toBe('slow_down');
    await ctx().fixture.server.approveDeviceAuthorization(
      user_code,
      { getUserId: () => 'u1' },
      {
        key: 'http-suite',
      },
    );
    const token = await pollAfterInterval(ctx(), device_code);
    expect(token.status).toBe(200);
    const body = (await token.json()) as Record<string, unknown>;
    expect(body.token_type).toBe('Bearer');
    expect(body.refresh_token).toEqual(expect.any(String));
    expect(body.scope).toBe('profile');
    expect(await errorOf(await pollAfterInterval(ctx(), device_code))).toBe('invalid_grant');
  });

  it('denied: access_denied', async () => {
    const { device_code, user_code } = await startDevice(ctx());
    await ctx().fixture.server.denyDeviceAuthorization(user_code, { key: 'http-suite' });
    expect(await errorOf(await pollToken(ctx(), device_code))).toBe('access_denied');
  });

  it('an unknown device code is invalid_grant', async () => {
    expect(await errorOf(await pollToken(ctx(), 'unknown-device-code'))).toBe('invalid_grant');
  });
}

/**
 * Polls as a device that waited out its interval: the clock (`Date` only, in this process:
 * the server runs here too) moves 11 s on (past an interval raised once by slow_down)
 * instead of the test waiting.
 */
async function pollAfterInterval(ctx: SuiteContext, deviceCode: string): Promise<Response> {
  vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
  try {
    vi.setSystemTime(Date.now() + 11_000);
    return await pollToken(ctx, deviceCode);
  } finally {
    vi.useRealTimers();
  }
}
