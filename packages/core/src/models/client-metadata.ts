/** Client authentication methods at the token endpoint (RFC 7591 2). */
export type TokenEndpointAuthMethod =
  | 'client_secret_basic'
  | 'client_secret_post'
  | 'none'
  | 'private_key_jwt'
  | (string & {});

/**
 * A client's public key set as registered (RFC 7517 5), as plain JSON: a type rather than
 * `jose`'s `JSONWebKeySet` interface, so that stores can persist it as a JSON document. A JWK
 * from `jose` fits with a cast: `{ keys: [jwk as ClientJwks['keys'][number]] }`.
 */
export type ClientJwks = { keys: { [member: string]: JwkJsonValue }[] };

/** A JSON value inside a registered JWK. */
export type JwkJsonValue =
  | string
  | number
  | boolean
  | null
  | JwkJsonValue[]
  | { [member: string]: JwkJsonValue };

/**
 * The human-readable fields of {@link ClientMetadata} in one more language (RFC 7591 2.2):
 * `client_name#fr` on the wire is `localized.fr.clientName` here.
 */
export type LocalizedClientMetadata = {
  clientName?: string;
  clientUri?: string;
  logoUri?: string;
  tosUri?: string;
  policyUri?: string;
};

/**
 * Registered client metadata (RFC 7591 2), camelCase in code. Stores persist it as one JSON
 * document so that every database keeps the same shape.
 */
export interface ClientMetadata {
  redirectUris: string[];
  /** Default `['authorization_code']` (RFC 7591 2). */
  grantTypes: string[];
  /** Default `['code']` (RFC 7591 2). */
  responseTypes: string[];
  /** Space-separated scopes the client may ask for; `''` allows none. */
  scope: string;
  /** Default `client_secret_basic` (RFC 7591 2). */
  tokenEndpointAuthMethod: TokenEndpointAuthMethod;
  clientName?: string;
  clientUri?: string;
  logoUri?: string;
  contacts?: string[];
  /** Where the client's terms of service are (RFC 7591 2 `tos_uri`). */
  tosUri?: string;
  /** Where the client's privacy policy is (RFC 7591 2 `policy_uri`). */
  policyUri?: string;
  /**
   * The human-readable fields in other languages, by BCP 47 language tag (RFC 7591 2.2):
   * `{ fr: { clientName: 'Mon appli' } }` for `client_name#fr`.
   */
  localized?: { [languageTag: string]: LocalizedClientMetadata };
  /** OpenID Connect Registration 2 `application_type`: `web` (default) or `native` (RFC 8252). */
  applicationType?: 'web' | 'native';
  /** An identifier of the client software, the same for every instance (RFC 7591 2). */
  softwareId?: string;
  /** The version of the client software (RFC 7591 2). */
  softwareVersion?: string;
  /**
   * The client's public keys (RFC 7591 2 `jwks`), for `private_key_jwt` (RFC 7523). Only
   * one of `jwks` and `jwksUri` may be registered.
   */
  jwks?: ClientJwks;
  /** Where the client publishes its public keys (RFC 7591 2 `jwks_uri`): an https URL. */
  jwksUri?: string;
  /** The one JWS algorithm the client signs its assertions with (RFC 7591 2). */
  tokenEndpointAuthSigningAlg?: string;
  /**
   * Where the end-session endpoint may send the browser after logout (OpenID Connect
   * RP-Initiated Logout 1.0, 3.1 `post_logout_redirect_uris`): compared by exact string, and
   * registered under the same rules as `redirectUris` (check each with `redirectUriProblem`).
   */
  postLogoutRedirectUris?: string[];
  /**
   * The format of this client's access tokens (`access_token_format`): `opaque` or `jwt`
   * (RFC 9068); absent: the server's `accessTokenFormat`. A resource's `format` wins over it.
   */
  accessTokenFormat?: 'opaque' | 'jwt';
  /**
   * The resource indicators (RFC 8707) this client may ask tokens for, among the server's
   * `resources`; absent: every configured resource.
   */
  resources?: string[];
  /**
   * OpenID Connect Registration 2: the algorithm of its ID tokens; used when the server's
   * signing keys have it, else the server's signing key signs.
   */
  idTokenSignedResponseAlg?: string;
  /** OpenID Connect Registration 2: `public` (default) or `pairwise` subjects (Core 8). */
  subjectType?: 'public' | 'pairwise';
  /** OpenID Connect Registration 2: the https URI whose host is its pairwise sector (Core 8.1). */
  sectorIdentifierUri?: string;
  /** OpenID Connect Registration 2: `max_age` for requests that send none, in seconds. */
  defaultMaxAge?: number;
  /**
   * RFC 9449 5.2 `dpop_bound_access_tokens`: the client always uses DPoP, and a token request
   * of its without a DPoP proof is refused (`invalid_dpop_proof`). Needs the server's `dpop`
   * option.
   */
  dpopBoundAccessTokens?: boolean;
  /**
   * RFC 9126 6 `require_pushed_authorization_requests`: this client's authorization requests
   * are accepted only through the PAR endpoint (a `request_uri`); default `false`.
   */
  requirePushedAuthorizationRequests?: boolean;
}

/** Fills in the RFC 7591 defaults for the fields a caller left out. */
export function withMetadataDefaults(metadata: Partial<ClientMetadata>): ClientMetadata {
  return {
    ...metadata,
    redirectUris: metadata.redirectUris ?? [],
    grantTypes: metadata.grantTypes ?? ['authorization_code'],
    responseTypes: metadata.responseTypes ?? ['code'],
    scope: metadata.scope ?? '',
    tokenEndpointAuthMethod: metadata.tokenEndpointAuthMethod ?? 'client_secret_basic',
  };
}
