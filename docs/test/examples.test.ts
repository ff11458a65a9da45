import * as oauth from 'oauth4webapi';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type RunningExample, runExample } from './run-example.js';

// Every getting-started program of the documentation, started as a reader would start it and
// driven by a strict reference client (oauth4webapi): discovery, client_credentials, and the
// authorization-code flow with PKCE, then the protected API.

// oauth4webapi refuses http:// unless told otherwise; the programs listen on loopback only.
const insecure = { [oauth.allowInsecureRequests]: true } as const;
const REDIRECT_URI = 'http://127.0.0.1:8080/callback';

describe.each(['node-http', 'express', 'fastify', 'hono'])('docs/examples/%s.ts', (name) => {
  let program: RunningExample;
  let as: oauth.AuthorizationServer;

  beforeAll(async () => {
    program = await runExample(name);
    const issuer = new URL(program.issuer);
    as = await oauth.processDiscoveryResponse(
      issuer,
      await oauth.discoveryRequest(issuer, { ...insecure, algorithm: 'oauth2' }),
    );
  });
  afterAll(() => program?.stop());

  test('client_credentials: the confidential client gets a token, and no refresh token', async () => {
    const client: oauth.Client = { client_id: 'reporting-job' };
    const response = await oauth.clientCredentialsGrantRequest(
      as,
      client,
      oauth.ClientSecretBasic('change-me'),
      new URLSearchParams({ scope: 'reports' }),
      insecure,
    );
    const result = await oauth.processClientCredentialsResponse(as, client, response);
    expect(result.token_type).toBe('bearer');
    expect(result.scope).toBe('reports');
    expect(result.refresh_token).toBeUndefined();
  });

  test('authorization code with PKCE: consent, code, token, then the protected API', async () => {
    const client: oauth.Client = { client_id: 'web-app' };
    const verifier = oauth.generateRandomCodeVerifier();
    const state = oauth.generateRandomState();
    const url = new URL(as.authorization_endpoint!);
    url.search = new URLSearchParams({
      response_type: 'code',
      client_id: client.client_id,
      redirect_uri: REDIRECT_URI,
      scope: 'profile',
      state,
      code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
    }).toString();
    const cookie = 'user=alice';

    const consentPage = await fetch(url, { headers: { cookie }, redirect: 'manual' });
    expect(consentPage.status).toBe(200);
    expect(await consentPage.text()).toContain('Let web-app use profile?');

    const decision = await fetch(url, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'consent=allow',
      redirect: 'manual',
    });
    expect(decision.status).toBe(302);
    const callback = new URL(decision.headers.get('location')!);
    // Checks state and iss (RFC 9207) as a strict client does.
    const params = oauth.validateAuthResponse(as, client, callback, state);

    const response = await oauth.authorizationCodeGrantRequest(
      as,
      client,
      oauth.None(),
      params,
      REDIRECT_URI,
      verifier,
      insecure,
    );
    const token = await oauth.processAuthorizationCodeResponse(as, client, response);
    expect(token.scope).toBe('profile');

    const me = await fetch(new URL('/api/me', program.issuer), {
      headers: { authorization: `Bearer ${token.access_token}` },
    });
    expect(me.status).toBe(200);
    expect(await me.json()).toEqual({ sub: 'alice' });

    const anonymous = await fetch(new URL('/api/me', program.issuer));
    expect(anonymous.status).toBe(401);
  });
});
