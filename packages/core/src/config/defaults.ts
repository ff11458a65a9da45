/**
 * Every configuration default, declared once. Units are in the names (seconds, bytes).
 */
export const DEFAULTS = {
  /**
   * Access-token lifetime per grant type, in seconds. Empty: every grant gets
   * `defaultTokenExpiresIn`. Bearer tokens work for whoever holds them (RFC 6750 5.3: keep
   * them short-lived), so nothing here is longer than an hour unless configured.
   */
  tokenExpiresIn: {} as Record<string, number>,
  /** Access-token lifetime for every grant type not in `tokenExpiresIn`: one hour. */
  defaultTokenExpiresIn: 3_600,
  /** Refresh-token lifetime in seconds (30 days); `null` means no expiry (RFC 9700 4.14.2). */
  refreshTokenExpiresIn: 2_592_000 as number | null,
  /** Authorization-code lifetime in seconds; RFC 6749 4.1.2 caps it at 10 minutes. */
  authorizationCodeExpiresIn: 300,
  /** Hard upper bound on `authorizationCodeExpiresIn` (RFC 6749 4.1.2: "maximum of 10 minutes"). */
  maxAuthorizationCodeExpiresIn: 600,
  /**
   * Access tokens are opaque random values unless configured: `jwt` makes RFC 9068 JWTs
   * (server-wide here; per client with the `accessTokenFormat` metadata, per resource).
   */
  accessTokenFormat: 'opaque' as 'opaque' | 'jwt',
  /** Issue refresh tokens? Off, as in Authlib: turn on with `true` or a generator. */
  refreshTokenGenerator: false,
  /** Rotate refresh tokens of confidential clients too (public clients always rotate: RFC 9700 4.14.2). */
  rotateConfidentialRefreshTokens: false,
  /**
   * Seconds after a rotation during which the old refresh token, presented again, is
   * refused without revoking the family (for clients that retry a lost response). 0 = off.
   */
  refreshTokenReuseGraceSeconds: 0,
  /** PKCE methods accepted (RFC 7636 4.2); `plain` only if configured (RFC 9700 2.1.1). */
  pkceMethods: ['S256'] as string[],
  /** PKCE is required for public clients always; set `true` to require it for every client. */
  requirePkceForConfidentialClients: false,
  /** Largest form body accepted at the token, revocation and introspection endpoints, in bytes. */
  maxBodyBytes: 16_384,
  /** Language of `error_description` when the request names none we have. */
  defaultLocale: 'en',
  /** The realm in `WWW-Authenticate: Bearer realm="..."` (RFC 6750 3). */
  realm: 'oauthkit',
  /**
   * `private_key_jwt` (RFC 7523 3): the longest an assertion may live, `exp` minus the time
   * it arrives, in seconds (oauth4webapi and openid-client sign for 60 s).
   */
  clientAssertionMaxLifetimeSeconds: 300,
  /** Clock skew allowed on a client assertion's `exp`, `nbf` and `iat`, in seconds. */
  clientAssertionClockSkewSeconds: 30,
  /**
   * Fetching a client's `jwks_uri` (SECURITY.md rule 38): the largest answer in bytes, the
   * whole fetch's time limit in milliseconds, how long a key set is cached (seconds), how
   * soon an unknown `kid` may fetch again (seconds), and how many URIs are cached.
   */
  jwksUri: {
    maxBytes: 65_536,
    timeoutMs: 5_000,
    cacheTtlSeconds: 300,
    refreshCooldownSeconds: 30,
    maxCachedUris: 1_000,
  },
  /**
   * CORS (browser clients): no origin is allowed unless configured. `maxAgeSeconds` is how
   * long a browser may cache a preflight answer.
   */
  cors: { maxAgeSeconds: 600 },
  /** Endpoint paths below the issuer, published in the metadata (RFC 8414 2). */
  endpointPaths: {
    authorization: '/authorize',
    token: '/token',
    revocation: '/revoke',
    introspection: '/introspect',
  },
  /**
   * `createJwtBearerValidator` (RFC 9068 4): clock skew tolerated on `exp`, `nbf` and `iat`
   * in seconds; how long a remote key set is cached (seconds), how soon an unknown `kid`
   * may fetch it again (seconds), and the fetch's time limit in milliseconds.
   */
  jwtBearer: {
    clockToleranceSeconds: 0,
    jwksCacheMaxAgeSeconds: 600,
    jwksCooldownSeconds: 30,
    jwksTimeoutMs: 5_000,
  },
  /** `Cache-Control: public, max-age=` of the JWKS response, in seconds (10 minutes). */
  jwksMaxAgeSeconds: 600,
  /** ID token lifetime in seconds (oidc-provider's `ttl.IdToken`: 1 hour). */
  idTokenExpiresIn: 3_600,
  /** Largest `claims` request parameter (OpenID Connect Core 5.5), in UTF-8 bytes of JSON. */
  maxClaimsParameterBytes: 4_096,
  /** Most claims named in one member (`userinfo` or `id_token`) of the `claims` parameter. */
  maxRequestedClaims: 64,
  /** Most entries of one claim's `values` array in the `claims` parameter. */
  maxClaimValues: 32,
  /**
   * The device authorization grant (RFC 8628), when `config.deviceAuthorization` turns it on:
   * how long a device code and its user code live, in seconds (RFC 8628 3.2 `expires_in`;
   * 10 minutes, oidc-provider's default too), and the seconds a device waits between polls
   * (RFC 8628 3.2 `interval`: 5 when the server sends none).
   */
  deviceAuthorization: { deviceCodeExpiresIn: 600, intervalSeconds: 5 },
  /** Longest device code lifetime accepted in `config.deviceAuthorization`, in seconds (30 minutes). */
  maxDeviceCodeExpiresIn: 1_800,
  /**
   * Pushed authorization requests (RFC 9126), when `config.pushedAuthorizationRequests` turns
   * them on: a `request_uri` lives 60 seconds (RFC 9126 2.2's example, oidc-provider's
   * default), and pushing is optional unless required here or by the client's metadata.
   */
  pushedAuthorizationRequests: { expiresIn: 60, required: false },
  /** Longest `request_uri` lifetime accepted, in seconds (10 minutes, the authorization code's cap). */
  maxPushedRequestExpiresIn: 600,
  /**
   * The FAPI 2.0 Security Profile (`profile: 'fapi2'`): the longest authorization code
   * lifetime (5.3.2.1: "shall issue authorization codes with a maximum lifetime of 60
   * seconds"), and the longest `request_uri` lifetime (5.3.2.1: `expires_in` under 600).
   */
  fapi2: { maxAuthorizationCodeExpiresIn: 60, maxPushedRequestExpiresIn: 599 },
} as const;
