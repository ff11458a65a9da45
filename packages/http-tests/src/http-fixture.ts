import {
  type AuthorizationRequest,
  type AuthorizationServer,
  type BearerTokenValidator,
  type ClientAuthMethod,
  type ClientJwks,
  type ClientRecord,
  createAuthorizationServer,
  createEndSessionEndpoint,
  createJwtBearerValidator,
  createPrivateKeyJwtMethod,
  createSigningKeySet,
  digestSecret,
  generateSigningJwk,
  generateToken,
  jsonResponse,
  type SigningKeySet,
  type Token,
  type User,
  userFromId,
} from '@oauthkit/core';
import { createMemoryReplayStore, createMemoryStores } from '@oauthkit/core/testing';
import { exportJWK, generateKeyPair } from 'jose';

/** The issuer of the fixture server: endpoints live under `/oauth`. */
export const ISSUER = 'https://as.example/oauth';
/** The request header standing in for the app's session cookie: its value is the user id. */
export const USER_HEADER = 'x-test-user';
/** The form field with the end user's decision: `allow` grants, anything else denies. */
export const CONSENT_FIELD = 'consent';
/** The API route every binding's test server protects with {@link PROTECTED_SCOPE}. */
export const PROTECTED_PATH = '/api/me';
export const PROTECTED_SCOPE = 'profile';
/**
 * The API route every binding's test server protects with {@link PROTECTED_SCOPE} through
 * `fixture.jwtValidator` (RFC 9068 JWT access tokens for {@link JWT_RESOURCE}, no store).
 */
export const JWT_PROTECTED_PATH = '/api/jwt';
/** The resource (RFC 8707) whose access tokens are JWTs; its `aud` is itself. */
export const JWT_RESOURCE = 'https://api.example/';
export const REDIRECT_URI = 'https://app.example/cb';
/** A browser app's origin that `config.cors` allows. */
export const ALLOWED_ORIGIN = 'https://spa.example';
/** The path of the fixture's own endpoint, registered with no binding code. */
export const STATUS_PATH = '/oauth/status';
/** The client that authenticates with the fixture's own method, `client_key`. */
export const KEY_CLIENT = { clientId: 'key-app', key: 'key-of-key-app' };
/** The device authorization grant's verification page (RFC 8628 3.2). */
export const VERIFICATION_URI = 'https://as.example/device';
/** A public client registered for the device authorization grant. */
export const DEVICE_CLIENT_ID = 'device-app';
/** The client that authenticates with `private_key_jwt` (RFC 7523), its key registered as `jwks`. */
export const JWT_CLIENT_ID = 'jwt-app';
/** Registered by every fixture client as its `post_logout_redirect_uris`. */
export const POST_LOGOUT_REDIRECT_URI = 'https://app.example/signed-out';
/** The `Set-Cookie` the fixture's `endSession` hook adds: the session it ended. */
export const ENDED_SESSION_COOKIE = 'session=; Path=/; Max-Age=0';
/** The claims every fixture user has (OpenID Connect `findClaims`): `name` and `email` from the id. */
export function claimsOf(userId: string): Record<string, unknown> {
  return { name: `User ${userId}`, email: `${userId}@example.com`, email_verified: true };
}

/** A response an app hook sends, framework-neutral: each test server writes it its own way. */
export interface PageResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** What {@link runHttpSuite}'s `start` receives: the server and the app's behaviour. */
export interface HttpFixture {
  server: AuthorizationServer;
  stores: ReturnType<typeof createMemoryStores>;
  confidential: { clientId: string; secret: string };
  public: { clientId: string };
  /** The logged-in user named by the {@link USER_HEADER} header, or `null`. */
  userFrom(header: string | string[] | null | undefined): User | null;
  /** The app's answer when nobody is logged in. */
  loginPage(): PageResponse;
  /** The app's consent page: the validated request as JSON, for the suite to check. */
  consentPage(authorization: AuthorizationRequest, user: User): PageResponse;
  /** The app's reading of the decision from the consent form. */
  consentGiven(form: { get(name: string): unknown }): boolean;
  /** The body of the protected route: what it knows of the token. */
  protectedBody(token: Token): PageResponse;
  /** The private key of {@link JWT_CLIENT_ID}, and its `kid`. */
  jwtClientKey: { privateKey: CryptoKey; kid: string };
  /**
   * The server's signing keys: ID tokens, the `id_token_hint` of a logout, JWT access tokens
   * for {@link JWT_RESOURCE}.
   */
  signingKeys: SigningKeySet;
  /** The validator of {@link JWT_PROTECTED_PATH}: the bindings' `bearerValidator` option. */
  jwtValidator: BearerTokenValidator;
}

/** A method sent together with `client_id`, as RFC 7523 assertions are. */
const clientKeyMethod: ClientAuthMethod = {
  name: 'client_key',
  detect: (request) => (request.form?.has('client_key') ? 'present' : 'absent'),
  credentials: (request) => ({
    clientId: request.form?.get('client_id') ?? '',
    key: request.form?.get('client_key'),
  }),
  verify: (client, { key }) => key === `key-of-${client.clientId}`,
};

const json = (status: number, body: unknown): PageResponse => ({
  status,
  headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify(body),
});

/**
 * A fresh server over memory stores with a confidential client (secret with `:`, `%`, `+`
 * and a space, to exercise Basic decoding) and a public one, both allowed
 * `openid profile email read`; OpenID Connect on, with an ES256 signing key; DPoP accepted,
 * with server nonces.
 *
 * @example
 * const fixture = await createHttpFixture();
 * const oauth = createNodeHandler(fixture.server, { getUser: (req) => fixture.userFrom(...) });
 */
export async function createHttpFixture(): Promise<HttpFixture> {
  const stores = createMemoryStores();
  const signingKeys = await createSigningKeySet([await generateSigningJwk('ES256')]);
  const server = createAuthorizationServer({
    ...stores,
    signingKeys,
    config: {
      issuer: ISSUER,
      refreshTokenGenerator: true,
      cors: { origins: [ALLOWED_ORIGIN] },
      deviceAuthorization: { verificationUri: VERIFICATION_URI },
      pushedAuthorizationRequests: {},
      resources: { [JWT_RESOURCE]: { format: 'jwt' } },
    },
    openid: { findClaims: (user) => claimsOf(user.getUserId()) },
    registration: { access: 'open' },
    // DPoP with server nonces: every binding carries DPoP, DPoP-Nonce and WWW-Authenticate.
    dpop: { nonce: true },
  });
  // An application's own endpoint and client authentication method: every binding must
  // serve them from the registry alone.
  server.registerEndpoint({
    name: 'status',
    path: '/status',
    methods: ['GET'],
    cors: true,
    metadataKey: 'status_endpoint',
    async handle(request) {
      return jsonResponse(200, { status: 'ok', method: request.method });
    },
  });
  server.registerClientAuthMethod(clientKeyMethod);
  server.registerEndpoint(
    createEndSessionEndpoint({
      endSession: async () => ({ headers: { 'Set-Cookie': ENDED_SESSION_COOKIE } }),
    }),
  );
  server.registerClientAuthMethod(
    createPrivateKeyJwtMethod({ replayStore: createMemoryReplayStore() }),
  );
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  const kid = 'jwt-app-key-1';
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' };
  await server.ready;
  const confidential = { clientId: 'confidential-app', secret: `${generateToken()}:%+ x` };
  const metadata = {
    redirectUris: [REDIRECT_URI],
    responseTypes: ['code'],
    scope: 'openid profile email read',
    postLogoutRedirectUris: [POST_LOGOUT_REDIRECT_URI],
  };
  type Metadata = ClientRecord['metadata'];
  const save = (
    clientId: string,
    secret: string | null,
    more: Pick<Metadata, 'grantTypes' | 'tokenEndpointAuthMethod'> & Partial<Metadata>,
  ) =>
    stores.clients.saveClient({
      clientId,
      clientSecretDigest: secret === null ? null : digestSecret(secret),
      clientIdIssuedAt: new Date(),
      clientSecretExpiresAt: null,
      metadata: { ...metadata, ...more },
    });
  await save(confidential.clientId, confidential.secret, {
    grantTypes: ['authorization_code', 'refresh_token', 'client_credentials'],
    tokenEndpointAuthMethod: 'client_secret_basic',
  });
  await save('public-app', null, {
    grantTypes: ['authorization_code', 'refresh_token'],
    tokenEndpointAuthMethod: 'none',
  });
  await save(KEY_CLIENT.clientId, null, {
    grantTypes: ['client_credentials'],
    tokenEndpointAuthMethod: 'client_key',
  });
  await save(DEVICE_CLIENT_ID, null, {
    grantTypes: ['urn:ietf:params:oauth:grant-type:device_code', 'refresh_token'],
    tokenEndpointAuthMethod: 'none',
  });
  await save(JWT_CLIENT_ID, null, {
    grantTypes: ['client_credentials'],
    tokenEndpointAuthMethod: 'private_key_jwt',
    jwks: { keys: [publicJwk as ClientJwks['keys'][number]] },
  });
  return {
    server,
    stores,
    confidential,
    jwtClientKey: { privateKey, kid },
    signingKeys,
    jwtValidator: createJwtBearerValidator({
      issuer: ISSUER,
      audience: JWT_RESOURCE,
      jwks: signingKeys.jwks(),
    }),
    public: { clientId: 'public-app' },
    userFrom(header) {
      const id = Array.isArray(header) ? header[0] : header;
      return id ? userFromId(id) : null;
    },
    loginPage: () => json(401, { login: 'required' }),
    consentPage: (authorization, user) =>
      json(200, {
        client_id: authorization.client.clientId,
        scope: authorization.scope,
        state: authorization.state ?? null,
        redirect_uri: authorization.redirectUri,
        user: user.getUserId(),
      }),
    consentGiven: (form) => form.get(CONSENT_FIELD) === 'allow',
    protectedBody: (token) =>
      json(200, {
        sub: token.getUserId(),
        client_id: token.getClientId(),
        scope: token.getScope(),
      }),
  };
}
