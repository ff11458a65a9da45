import * as oauth from 'oauth4webapi';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  type AuthorizationServer,
  createAuthorizationServer,
  createFetchHandler,
  createInitialAccessToken,
  digestToken,
} from '../../src/index.js';
import { createMemoryReplayStore, createMemoryStores } from '../../src/testing.js';
import { testUser } from '../helpers.js';
import { type LocalServer, serveWebHandler } from './serve-web-handler.js';

// Dynamic client registration driven by oauth4webapi over real HTTP on 127.0.0.1: the client
// discovers `registration_endpoint`, registers with `dynamicClientRegistrationRequest`, runs
// the code flow with what it got, then reads, replaces and deletes itself (RFC 7592).

const insecure = { [oauth.allowInsecureRequests]: true } as const;
const REDIRECT_URI = 'http://127.0.0.1:43211/cb';

let http: LocalServer;
let server: AuthorizationServer;
let as: oauth.AuthorizationServer;
const stores = createMemoryStores();
const iat = createInitialAccessToken({ expiresIn: 3600 });

beforeAll(async () => {
  let handler: ((request: Request) => Promise<Response>) | null = null;
  http = await serveWebHandler(async (request) => {
    if (new URL(request.url).pathname === '/authorize') {
      const user = testUser('ines');
      try {
        await server.validateConsentRequest(request, user);
      } catch (error) {
        return server.createAuthorizationErrorResponse(error, request);
      }
      return server.createAuthorizationResponse(request, user);
    }
    return handler!(request);
  });
  server = createAuthorizationServer({
    ...stores,
    config: { issuer: http.origin, refreshTokenGenerator: true, scopesSupported: ['read'] },
    registration: {
      access: 'initial_access_token',
      initialAccessTokens: [iat.record],
      replayStore: createMemoryReplayStore(),
    },
  });
  handler = createFetchHandler(server);
  const issuer = new URL(http.origin);
  as = await oauth.processDiscoveryResponse(
    issuer,
    await oauth.discoveryRequest(issuer, { algorithm: 'oauth2', ...insecure }),
  );
});

afterAll(async () => {
  await http?.close();
});

async function codeFlow(client: oauth.Client, auth: oauth.ClientAuth) {
  const verifier = oauth.generateRandomCodeVerifier();
  const state = oauth.generateRandomState();
  const url = new URL(as.authorization_endpoint!);
  url.search = new URLSearchParams({
    client_id: client.client_id,
    redirect_uri: REDIRECT_URI,
    response_type: 'code',
    scope: 'read',
    code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
  }).toString();
  const redirect = await fetch(url, { redirect: 'manual' });
  expect(redirect.status).toBe(302);
  const params = oauth.validateAuthResponse(
    as,
    client,
    new URL(redirect.headers.get('location')!),
    state,
  );
  const response = await oauth.authorizationCodeGrantRequest(
    as,
    client,
    auth,
    params,
    REDIRECT_URI,
    verifier,
    insecure,
  );
  return oauth.processAuthorizationCodeResponse(as, client, response);
}

describe('oauth4webapi registers a client, then uses and manages it', () => {
  test('the metadata names the registration endpoint', () => {
    expect(as.registration_endpoint).toBe(`${http.origin}/register`);
  });

  test('without the initial access token: refused with a Bearer challenge', async () => {
    const response = await oauth.dynamicClientRegistrationRequest(
      as,
      { redirect_uris: ['http://127.0.0.1/cb'] },
      insecure,
    );
    await expect(oauth.processDynamicClientRegistrationResponse(response)).rejects.toBeInstanceOf(
      oauth.WWWAuthenticateChallengeError,
    );
  });

  test('register (confidential), code flow, RFC 7592 read, update, delete', async () => {
    const response = await oauth.dynamicClientRegistrationRequest(
      as,
      {
        redirect_uris: ['http://127.0.0.1/cb'],
        application_type: 'native',
        grant_types: ['authorization_code', 'refresh_token'],
        scope: 'read',
        client_name: 'Registered by oauth4webapi',
        'client_name#fr': 'Inscrit par oauth4webapi',
      },
      { ...insecure, initialAccessToken: iat.token },
    );
    const client = await oauth.processDynamicClientRegistrationResponse(response);
    expect(client.client_secret).toBeTypeOf('string');
    expect(client['client_name#fr']).toBe('Inscrit par oauth4webapi');
    const rat = client.registration_access_token as string;
    const uri = client.registration_client_uri as string;

    const tokens = await codeFlow(client, oauth.ClientSecretBasic(client.client_secret as string));
    expect(tokens.scope).toBe('read');
    expect(tokens.refresh_token).toBeTypeOf('string');

    // The initial access token was single use.
    const again = await oauth.dynamicClientRegistrationRequest(
      as,
      { redirect_uris: ['http://127.0.0.1/cb'], application_type: 'native' },
      { ...insecure, initialAccessToken: iat.token },
    );
    expect(again.status).toBe(401);

    // RFC 7592 2.1: read.
    const read = await fetch(uri, { headers: { authorization: `Bearer ${rat}` } });
    expect(read.status).toBe(200);
    const readBody = (await read.json()) as Record<string, unknown>;
    expect(readBody.client_id).toBe(client.client_id);
    expect(readBody.client_secret).toBeUndefined();

    // RFC 7592 2.2: replace; a public client now, so its secret goes.
    const put = await fetch(uri, {
      method: 'PUT',
      headers: { authorization: `Bearer ${rat}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        client_id: client.client_id,
        redirect_uris: ['http://127.0.0.1/cb'],
        application_type: 'native',
        token_endpoint_auth_method: 'none',
        scope: 'read',
      }),
    });
    expect(put.status).toBe(200);
    const updated = (await put.json()) as Record<string, unknown>;
    expect(updated.token_endpoint_auth_method).toBe('none');
    expect(updated.client_secret).toBeUndefined();
    const newRat = updated.registration_access_token as string;
    expect(newRat).not.toBe(rat);
    const publicTokens = await codeFlow({ client_id: client.client_id }, oauth.None());
    expect(publicTokens.access_token).toBeTypeOf('string');

    // RFC 7592 2.3: delete; every token of the client is revoked with it.
    const del = await fetch(uri, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${newRat}` },
    });
    expect(del.status).toBe(204);
    for (const token of [tokens.access_token, publicTokens.access_token]) {
      const record = await stores.tokens.findByAccessToken(digestToken(token));
      expect(record?.revokedAt).toBeInstanceOf(Date);
    }
    const gone = await fetch(uri, { headers: { authorization: `Bearer ${newRat}` } });
    expect(gone.status).toBe(401);

    const dump = JSON.stringify(stores.dump());
    for (const value of [client.client_secret as string, rat, newRat, iat.token]) {
      expect(dump.includes(value)).toBe(false);
    }
  });
});
