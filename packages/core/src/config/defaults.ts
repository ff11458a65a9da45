/**
 * Every configuration default, declared once. Units are in the names (seconds, bytes).
 */
export const DEFAULTS = {
  /**
   * Access-token lifetime per grant type, in seconds: Authlib's `GRANT_TYPES_EXPIRES_IN`.
   * Grant types not listed get `defaultTokenExpiresIn`.
   */
  tokenExpiresIn: {
    authorization_code: 864_000,
    implicit: 3_600,
    password: 864_000,
    client_credentials: 864_000,
  } as Record<string, number>,
  /** Access-token lifetime for grant types not in `tokenExpiresIn` (Authlib: 3600 s). */
  defaultTokenExpiresIn: 3_600,
  /** Refresh-token lifetime in seconds (30 days); `null` means no expiry (RFC 9700 4.14.2). */
  refreshTokenExpiresIn: 2_592_000 as number | null,
  /** Authorization-code lifetime in seconds; RFC 6749 4.1.2 caps it at 10 minutes. */
  authorizationCodeExpiresIn: 300,
  /** Hard upper bound on `authorizationCodeExpiresIn` (RFC 6749 4.1.2: "maximum of 10 minutes"). */
  maxAuthorizationCodeExpiresIn: 600,
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
  /** Endpoint paths below the issuer, published in the metadata (RFC 8414 2). */
  endpointPaths: {
    authorization: '/authorize',
    token: '/token',
    revocation: '/revoke',
    introspection: '/introspect',
  },
} as const;
