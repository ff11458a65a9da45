import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import * as oauth from 'oauth4webapi';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  type AuthorizationServer,
  createAuthorizationServer,
  createJwtBearerValidator,
  createSigningKeySet,
  generateSigningJwk,
  ResourceProtector,
} from '../../src/index.js';
import { createMemoryStores } from '../../src/testing.js';
import { registerAuthzClient, testUser } from '../helpers.js';
import { type LocalServer, serveWebHandler } from './serve-web-handler.js';

// RFC 9068 and RFC 8707 against a strict reference: oauth4webapi runs the code flow with
// resource indicators over HTTP, and a resource server in another process, knowing only the
// issuer and the JWKS URL, validates the JWT access tokens with validateJwtAccessToken.

const insecure = { [oauth.allowInsecureRequests]: true } as const;
const REDIRECT_URI = 'http://127.0.0.1:43210/cb';
const PHOTOS = 'https://photos.example/api';
const MAIL = 'https://mail.example/';
const FIXTURE = new URL('../fixtures/validate-jwt-access-token.mjs', import.meta.url);

let http: LocalServer;
let server: AuthorizationServer;
let as: oauth.AuthorizationServer;
const stores = createMemoryStores();

async function route(request: Request): Promise<Response> {
  const { pathname } = new URL(request.url);
  switch (pathname) {
    case '/.well-known/oauth-authorization-server':
      return server.createEndpointResponse('metadata', request);
    case '/authorize':
      return server.createAuthorizationResponse(request, testUser('henry'));
    case '/token':
      return server.createTokenResponse(request);
    case '/jwks':
      return server.createEndpointResponse('jwks', request);
    case '/revoke':
      return server.createEndpointResponse('revocation', request);
    case '/introspect':
      return server.createEndpointResponse('introspection', request);
    default:
      return new Response('not found', { status: 404 });
  }
}

beforeAll(async () => {
  http = await serveWebHandler((request) => route(request));
  server = createAuthorizationServer({
    ...stores,
    config: {
      issuer: http.origin,
      refreshTokenGenerator: true,
      resources: { [PHOTOS]: { format: 'jwt', audience: 'photos' }, [MAIL]: { format: 'jwt' } },
    },
    signingKeys: await createSigningKeySet([
      await generateSigningJwk('ES256', { kid: 'es' }),
      await generateSigningJwk('RS256', { kid: 'rs' }),
    ]),
    queryUser: async (id) => testUser(id),
  });
  const issuer = new URL(http.origin);
  as = await oauth.processDiscoveryResponse(
    issuer,
    await oauth.discoveryRequest(issuer, { algorithm: 'oauth2', ...insecure }),
  );
});

afterAll(async () => {
  await http?.close();
});

type Outcome = { ok: true; claims: Record<string, unknown> } | { ok: false; error: string };

/** Validates `tokens` in a separate resource-server process that knows only the JWKS URL. */
async function resourceServerValidates(audience: string, tokens: string[]): Promise<Outcome[]> {
  const { stdout } = await promisify(execFile)(process.execPath, [
    FIXTURE.pathname,
    JSON.stringify({ issuer: as.issuer, jwksUri: as.jwks_uri, audience, tokens }),
  ]);
  return JSON.parse(stdout) as Outcome[];
}

async function codeFlow(client: oauth.Client, resources: string[], exchange: string[]) {
  const verifier = oauth.generateRandomCodeVerifier();
  const state = oauth.generateRandomState();
  const url = new URL(as.authorization_endpoint!);
  url.search = new URLSearchParams([
    ['client_id', client.client_id],
    ['redirect_uri', REDIRECT_URI],
    ['response_type', 'code'],
    ['scope', 'read write'],
    ['code_challenge', await oauth.calculatePKCECodeChallenge(verifier)],
    ['code_challenge_method', 'S256'],
    ['state', state],
    ...resources.map((r) => ['resource', r]),
  ]).toString();
  const redirect = await fetch(url, { redirect: 'manual' });
  const params = oauth.validateAuthResponse(
    as,
    client,
    new URL(redirect.headers.get('location')!),
    state,
  );
  const response = await oauth.authorizationCodeGrantRequest(
    as,
    client,
    oauth.None(),
    params,
    REDIRECT_URI,
    verifier,
    { ...insecure, additionalParameters: exchange.map((r) => ['resource', r]) },
  );
  return oauth.processAuthorizationCodeResponse(as, client, response);
}

describe('JWT access tokens with resource indicators, validated by oauth4webapi', () => {
  test('the metadata names the JWKS; the tokens validate in a separate resource server', async () => {
    expect(as.jwks_uri).toBe(`${http.origin}/jwks`);
    const registered = await registerAuthzClient(stores, {
      redirectUris: ['http://127.0.0.1/cb'],
      tokenEndpointAuthMethod: 'none',
    });
    const client: oauth.Client = { client_id: registered.clientId };
    const tokens = await codeFlow(client, [PHOTOS, MAIL], [MAIL]);

    const [mail] = await resourceServerValidates(MAIL, [tokens.access_token]);
    expect(mail).toMatchObject({
      ok: true,
      claims: { iss: http.origin, aud: MAIL, sub: 'henry', client_id: registered.clientId },
    });
    // Audience-restricted: the photos resource server refuses the mail token.
    const [wrong] = await resourceServerValidates('photos', [tokens.access_token]);
    expect(wrong).toMatchObject({ ok: false, error: 'OAUTH_JWT_CLAIM_COMPARISON_FAILED' });

    // Refresh narrows to the other granted resource; its token validates there.
    const refreshed = await oauth.processRefreshTokenResponse(
      as,
      client,
      await oauth.refreshTokenGrantRequest(as, client, oauth.None(), tokens.refresh_token!, {
        ...insecure,
        additionalParameters: { resource: PHOTOS },
      }),
    );
    const [photos] = await resourceServerValidates('photos', [refreshed.access_token]);
    expect(photos).toMatchObject({ ok: true, claims: { aud: 'photos', sub: 'henry' } });

    // The same token through createJwtBearerValidator with only the JWKS URL.
    const protector = new ResourceProtector(
      createJwtBearerValidator({ issuer: http.origin, audience: 'photos', jwksUri: as.jwks_uri! }),
    );
    const result = await protector.protectWebRequest(
      new Request('https://photos.example/api/me', {
        headers: { authorization: `Bearer ${refreshed.access_token}` },
      }),
      ['read'],
    );
    expect(result.ok && result.token.getUserId()).toBe('henry');
  });

  test('invalid_target from the token endpoint, as oauth4webapi reports it', async () => {
    const registered = await registerAuthzClient(stores, {
      redirectUris: ['http://127.0.0.1/cb'],
      tokenEndpointAuthMethod: 'none',
    });
    const client: oauth.Client = { client_id: registered.clientId };
    const error = await codeFlow(client, [PHOTOS], [MAIL]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(oauth.ResponseBodyError);
    expect((error as oauth.ResponseBodyError).error).toBe('invalid_target');
  });

  test('client_credentials with a resource; revoked, the token is inactive at introspection', async () => {
    const registered = await registerAuthzClient(stores, { grantTypes: ['client_credentials'] });
    const client: oauth.Client = { client_id: registered.clientId };
    const auth = oauth.ClientSecretBasic(registered.secret!);
    const tokens = await oauth.processClientCredentialsResponse(
      as,
      client,
      await oauth.clientCredentialsGrantRequest(
        as,
        client,
        auth,
        { scope: 'read', resource: MAIL },
        insecure,
      ),
    );
    const [validated] = await resourceServerValidates(MAIL, [tokens.access_token]);
    expect(validated).toMatchObject({
      ok: true,
      claims: { sub: registered.clientId, client_id: registered.clientId, scope: 'read' },
    });
    const introspect = async () =>
      oauth.processIntrospectionResponse(
        as,
        client,
        await oauth.introspectionRequest(as, client, auth, tokens.access_token, insecure),
      );
    expect(await introspect()).toMatchObject({ active: true, aud: MAIL });
    // RFC 9701: the same answer as a signed JWT, validated by oauth4webapi against the JWKS.
    const jwtClient: oauth.Client = { ...client, introspection_signed_response_alg: 'ES256' };
    const signed = await oauth.processIntrospectionResponse(
      as,
      jwtClient,
      await oauth.introspectionRequest(as, jwtClient, auth, tokens.access_token, {
        ...insecure,
        requestJwtResponse: true,
      }),
    );
    expect(signed).toMatchObject({ active: true, aud: MAIL, client_id: registered.clientId });
    await oauth.processRevocationResponse(
      await oauth.revocationRequest(as, client, auth, tokens.access_token, insecure),
    );
    expect(await introspect()).toEqual({ active: false });
  });
});
