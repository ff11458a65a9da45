import {
  type AuthorizationServer,
  createAuthorizationServer,
  createImplicitGrant,
  digestSecret,
  digestToken,
  generateToken,
  s256Challenge,
  type TokenRecord,
  userFromId,
} from '@oauthkit/core';
import { createMemoryStores } from '@oauthkit/core/testing';

export const FUZZ_ISSUER = 'https://as.example';

/** The three kinds of client of a fixture: one per client authentication method. */
export type FixtureClientKey = 'basic' | 'post' | 'public';

/** One registered client and the live credentials issued to it. */
export interface FixtureClient {
  key: FixtureClientKey;
  clientId: string;
  /** `null` for the public client. */
  secret: string | null;
  redirectUris: string[];
  /** A code issued to this client, not redeemed yet, with its PKCE verifier. */
  code: string;
  verifier: string;
  /** The redirect URI the code was requested with. */
  redirectUri: string;
  /** Tokens issued to this client from another code (scope `read write`). */
  accessToken: string;
  refreshToken: string;
}

/** A fresh server over memory stores with one client of each kind and live credentials. */
export interface FuzzFixture {
  server: AuthorizationServer;
  memory: ReturnType<typeof createMemoryStores>;
  clients: Record<FixtureClientKey, FixtureClient>;
  /** A PKCE pair no code was issued with yet, for new authorization requests. */
  pkce: { verifier: string; challenge: string };
  /** The stored record of an issued access token, read straight from the memory store. */
  recordOf(accessToken: string): Promise<TokenRecord | null>;
}

// Ids and secrets with `:`, `%`, `+`, space and non-ASCII: client_secret_basic must
// form-decode them after base64 (RFC 6749 2.3.1).
const BASIC_ID = 'conf:id %+\u00e9';

/**
 * Builds a {@link FuzzFixture}: everything is obtained through the server's own
 * authorization and token endpoints, so the fixture is valid by construction.
 *
 * @example
 * const fixture = await createFuzzFixture();
 * await fixture.server.createTokenResponse(request);
 */
export async function createFuzzFixture(): Promise<FuzzFixture> {
  const memory = createMemoryStores();
  const server = createAuthorizationServer({
    ...memory,
    config: { issuer: FUZZ_ISSUER, refreshTokenGenerator: true },
  });
  // The implicit grant too, for the public client only: its tokens travel in the fragment.
  server.registerGrant(createImplicitGrant());
  const specs: [FixtureClientKey, string, string | null, string[]][] = [
    [
      'basic',
      BASIC_ID,
      `s:\u00e9 %+${generateToken()}`,
      ['https://app.example/cb', 'https://app.example/cb2?x=1'],
    ],
    ['post', 'post-client', generateToken(), ['https://post.example/cb']],
    ['public', 'public-client', null, ['https://native.example/cb']],
  ];
  const clients = {} as Record<FixtureClientKey, FixtureClient>;
  for (const [key, clientId, secret, redirectUris] of specs) {
    await memory.clients.saveClient({
      clientId,
      clientSecretDigest: secret === null ? null : digestSecret(secret),
      clientIdIssuedAt: new Date(),
      clientSecretExpiresAt: null,
      metadata: {
        redirectUris,
        grantTypes:
          secret === null
            ? ['authorization_code', 'refresh_token', 'implicit']
            : ['authorization_code', 'refresh_token', 'client_credentials'],
        responseTypes: secret === null ? ['code', 'token'] : ['code'],
        scope: 'read write',
        tokenEndpointAuthMethod:
          key === 'basic' ? 'client_secret_basic' : key === 'post' ? 'client_secret_post' : 'none',
      },
    });
    const redirectUri = redirectUris[0]!;
    const client = { key, clientId, secret, redirectUris, redirectUri } as FixtureClient;
    const issued = await authorize(server, client);
    const tokens = await exchange(server, client, await authorize(server, client));
    clients[key] = { ...client, ...issued, ...tokens };
  }
  const pkceVerifier = generateToken();
  return {
    server,
    memory,
    clients,
    pkce: { verifier: pkceVerifier, challenge: s256Challenge(pkceVerifier) },
    recordOf: (accessToken) => memory.tokens.findByAccessToken(digestToken(accessToken)),
  };
}

async function authorize(
  server: AuthorizationServer,
  client: Pick<FixtureClient, 'clientId' | 'redirectUri'>,
): Promise<{ code: string; verifier: string }> {
  const verifier = generateToken();
  const query = new URLSearchParams({
    response_type: 'code',
    client_id: client.clientId,
    redirect_uri: client.redirectUri,
    scope: 'read write',
    code_challenge: s256Challenge(verifier),
    code_challenge_method: 'S256',
  });
  const request = new Request(`${FUZZ_ISSUER}/authorize?${query}`);
  const response = await server.createAuthorizationResponse(request, userFromId('fuzz-user'));
  const code = new URL(response.headers.get('location') ?? '').searchParams.get('code');
  if (response.status !== 302 || code === null) {
    throw new Error(`fixture: authorization failed with ${response.status}`);
  }
  return { code, verifier };
}

async function exchange(
  server: AuthorizationServer,
  client: Pick<FixtureClient, 'key' | 'clientId' | 'secret' | 'redirectUri'>,
  issued: { code: string; verifier: string },
): Promise<{ accessToken: string; refreshToken: string }> {
  const request = tokenRequestFor(client, {
    grant_type: 'authorization_code',
    code: issued.code,
    code_verifier: issued.verifier,
    redirect_uri: client.redirectUri,
  });
  const response = await server.createTokenResponse(request);
  const body = (await response.json()) as { access_token?: string; refresh_token?: string };
  if (response.status !== 200 || !body.access_token || !body.refresh_token) {
    throw new Error(`fixture: code exchange failed with ${response.status}`);
  }
  return { accessToken: body.access_token, refreshToken: body.refresh_token };
}

/** A correct POST to the token endpoint as `client`, authenticated by its own method. */
export function tokenRequestFor(
  client: Pick<FixtureClient, 'key' | 'clientId' | 'secret'>,
  params: Record<string, string>,
  url = `${FUZZ_ISSUER}/token`,
): Request {
  const form = new URLSearchParams(params);
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  if (client.key === 'basic') headers.authorization = basicHeader(client.clientId, client.secret!);
  else form.set('client_id', client.clientId);
  if (client.key === 'post') form.set('client_secret', client.secret!);
  return new Request(url, { method: 'POST', headers, body: form.toString() });
}

/** `Authorization: Basic` as RFC 6749 2.3.1 writes it: form-encode each half, then base64. */
export function basicHeader(clientId: string, secret: string): string {
  const encode = (s: string) => new URLSearchParams({ v: s }).toString().slice(2);
  return `Basic ${Buffer.from(`${encode(clientId)}:${encode(secret)}`).toString('base64')}`;
}
