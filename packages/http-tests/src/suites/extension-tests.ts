import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { expect, it } from 'vitest';
import { allowedPreflight, postForm, type SuiteContext, send, urlOf } from '../http-client.js';
import { ALLOWED_ORIGIN, ISSUER, JWT_CLIENT_ID, KEY_CLIENT, STATUS_PATH } from '../http-fixture.js';

/**
 * What the registry opens, through the binding with no binding code: an application's own
 * endpoint with its path and metadata entry, its own client authentication method sent
 * together with `client_id`, and CORS for browser clients.
 */
export function extensionTests(ctx: () => SuiteContext): void {
  it('serves an endpoint the application registered, at its own path', async () => {
    const response = await send(urlOf(ctx(), STATUS_PATH));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok', method: 'GET' });
  });

  it('publishes the registered endpoint in the metadata', async () => {
    const response = await send(urlOf(ctx(), '/.well-known/oauth-authorization-server/oauth'));
    const metadata = (await response.json()) as Record<string, unknown>;
    expect(metadata.status_endpoint).toBe(`${ISSUER}/status`);
    expect(metadata.token_endpoint_auth_methods_supported).toContain('client_key');
  });

  it('authenticates with a custom method sent together with client_id', async () => {
    const response = await postForm(urlOf(ctx(), 'token'), {
      grant_type: 'client_credentials',
      client_id: KEY_CLIENT.clientId,
      client_key: KEY_CLIENT.key,
    });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { token_type: string }).token_type).toBe('Bearer');
  });

  it('authenticates private_key_jwt (RFC 7523) and refuses the same assertion twice', async () => {
    const { privateKey, kid } = ctx().fixture.jwtClientKey;
    const now = Math.floor(Date.now() / 1000);
    const assertion = await new SignJWT({ jti: randomUUID() })
      .setProtectedHeader({ alg: 'ES256', kid })
      .setIssuer(JWT_CLIENT_ID)
      .setSubject(JWT_CLIENT_ID)
      .setAudience(ISSUER)
      .setIssuedAt(now)
      .setExpirationTime(now + 60)
      .sign(privateKey);
    const form = {
      grant_type: 'client_credentials',
      client_id: JWT_CLIENT_ID,
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: assertion,
    };
    const first = await postForm(urlOf(ctx(), 'token'), form);
    expect(first.status).toBe(200);
    const replay = await postForm(urlOf(ctx(), 'token'), form);
    expect(replay.status).toBe(401);
    expect(((await replay.json()) as { error: string }).error).toBe('invalid_client');
  });

  it('answers a CORS preflight at the token endpoint for an allowed origin', async () => {
    const response = await allowedPreflight(ctx(), 'token', 'POST', 'content-type');
    expect(response.headers.get('access-control-allow-headers')).toMatch(/content-type/i);
    expect(response.headers.get('vary')).toMatch(/origin/i);
  });

  it('adds CORS headers to token responses for an allowed origin, errors included', async () => {
    const ok = await postForm(
      urlOf(ctx(), 'token'),
      {
        grant_type: 'client_credentials',
        client_id: KEY_CLIENT.clientId,
        client_key: KEY_CLIENT.key,
      },
      { Origin: ALLOWED_ORIGIN },
    );
    expect(ok.status).toBe(200);
    expect(ok.headers.get('access-control-allow-origin')).toBe(ALLOWED_ORIGIN);
    const refused = await postForm(
      urlOf(ctx(), 'token'),
      { grant_type: 'nope' },
      {
        Origin: ALLOWED_ORIGIN,
      },
    );
    expect(refused.status).toBe(400);
    expect(refused.headers.get('access-control-allow-origin')).toBe(ALLOWED_ORIGIN);
    expect(refused.headers.get('access-control-expose-headers')).toMatch(/WWW-Authenticate/);
  });

  it('gives no CORS headers to another origin, preflight or request', async () => {
    const origin = 'https://evil.example';
    const preflight = await send(urlOf(ctx(), 'token'), {
      method: 'OPTIONS',
      headers: { Origin: origin, 'Access-Control-Request-Method': 'POST' },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    const request = await postForm(
      urlOf(ctx(), 'token'),
      { grant_type: 'client_credentials' },
      {
        Origin: origin,
      },
    );
    expect(request.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('never adds CORS to the authorization endpoint', async () => {
    const response = await send(`${urlOf(ctx(), 'authorization')}?client_id=x`, {
      method: 'OPTIONS',
      headers: { Origin: ALLOWED_ORIGIN, 'Access-Control-Request-Method': 'GET' },
    });
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });
}
