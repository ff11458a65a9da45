import { DEFAULTS } from '../config/defaults.js';
import { rejectUnknownKeys } from '../config/server-config.js';
import type { Client } from '../models/client.js';
import type { User } from '../models/user.js';
import type { ServerModule } from '../server/server-module.js';
import type { ClaimRequest } from './claims-parameter.js';
import { createDiscoveryEndpoint } from './discovery-endpoint.js';
import { createIdTokenExtension } from './id-token-extension.js';
import { createIdTokenResponseType } from './id-token-response-type.js';
import { createOpenIdAuthorizationExtension } from './open-id-authorization-extension.js';
import { SCOPE_CLAIMS } from './scope-claims.js';
import { createUserinfoEndpoint } from './userinfo-endpoint.js';

/** What `findClaims` is told besides the user and the claim names. */
export interface FindClaimsContext {
  client: Client;
  /** The granted scopes. */
  scopes: readonly string[];
  /** Where the claims go. */
  target: 'id_token' | 'userinfo';
  /** Of the names, those the `claims` parameter marked essential. */
  essential: readonly string[];
  /** How the `claims` parameter asked for each claim (`value`, `values`), if it did. */
  requests: Readonly<Record<string, ClaimRequest | null>>;
}

/**
 * The application's one claims hook: the End-User's claims among `claims` (OpenID Connect
 * Core 5.1 names: `name`, `email`, `email_verified`, `address`, ...). Answering with more is
 * harmless: only the requested ones are released. A rejection fails closed (503).
 */
export type FindClaims = (
  user: User,
  claims: readonly string[],
  context: FindClaimsContext,
) =>
  | Promise<Readonly<Record<string, unknown>> | null | undefined>
  | Readonly<Record<string, unknown>>
  | null
  | undefined;

/**
 * The `openid` option of the authorization server (OpenID Connect Core 1.0). The server
 * also needs `signingKeys`, which sign the ID tokens.
 *
 * @example
 * const server = new AuthorizationServer({
 *   ...stores,
 *   config: { issuer: 'https://auth.example.com', refreshTokenGenerator: true },
 *   signingKeys: await createSigningKeySet([privateJwk]),
 *   openid: { findClaims: (user, names) => users.claims(user.getUserId(), names) },
 * });
 */
export interface OpenIdConnectOptions {
  /** The End-User's claims, for the ID token and the UserInfo response. */
  findClaims: FindClaims;
  /**
   * The claims the application can answer, published as `claims_supported`; others are
   * never asked for. Default: every claim of the `profile`, `email`, `address` and `phone`
   * scopes (Core 5.4).
   */
  claimsSupported?: readonly string[];
  /**
   * Enables `pairwise` subjects (Core 8.1) for clients registered with
   * `subjectType: 'pairwise'`: a server secret of at least 16 characters, stable for the
   * server's lifetime (changing it changes every pairwise `sub`).
   */
  pairwiseSalt?: string;
  /** ID token lifetime in seconds; default `DEFAULTS.idTokenExpiresIn` (3600). */
  idTokenExpiresIn?: number;
  /**
   * Put the claims of the granted scopes in the ID token too. Default `false`: Core 5.4
   * returns them from the UserInfo endpoint when an access token is issued; the `claims`
   * parameter can still ask for any of them in the ID token.
   */
  idTokenScopeClaims?: boolean;
  /** `acr_values_supported`, published when given. */
  acrValuesSupported?: readonly string[];
  /**
   * Serve the implicit flow (Core 3.2: `response_type=id_token`, `id_token token`) and the
   * hybrid `code id_token` (3.3), for clients registered for them and the `implicit` grant. Default `false`: RFC 9700 2.1.2
   * advises against tokens in the front channel.
   */
  implicit?: boolean;
}

const OPTION_KEYS = [
  'findClaims',
  'claimsSupported',
  'pairwiseSalt',
  'idTokenExpiresIn',
  'idTokenScopeClaims',
  'acrValuesSupported',
  'implicit',
] as const satisfies readonly (keyof OpenIdConnectOptions)[];

/** {@link OpenIdConnectOptions} after checking, with defaults filled in. */
export interface ResolvedOpenIdConnectOptions {
  findClaims: FindClaims;
  claimsSupported: readonly string[];
  pairwiseSalt: string | undefined;
  idTokenExpiresIn: number;
  idTokenScopeClaims: boolean;
  acrValuesSupported: readonly string[] | undefined;
  implicit: boolean;
}

const CLAIM_NAME = /^[\x21-\x7e]{1,256}$/;

/**
 * OpenID Connect Core 1.0 as a server module: the ID token on the `authorization_code` and
 * `refresh_token` grants, `prompt` / `max_age` / `claims` / `id_token_hint` at the
 * authorization endpoint, the UserInfo endpoint and the discovery document. The server
 * builds it from its `openid` option; mistakes throw `TypeError` here, and a server
 * without `signingKeys` (or whose `scopesSupported` lacks `openid`) refuses to start.
 *
 * @example
 * const oidc = createOpenIdConnect({ findClaims: async (user, names) => profile(user, names) });
 */
export function createOpenIdConnect(options: OpenIdConnectOptions): ServerModule {
  const resolved = resolveOpenIdConnectOptions(options);
  return {
    name: 'openid',
    grantExtensions: {
      authorization_code: [createIdTokenExtension(resolved)],
      refresh_token: [createIdTokenExtension(resolved)],
    },
    authorizationExtensions: [createOpenIdAuthorizationExtension(resolved)],
    responseTypes: resolved.implicit
      ? [
          createIdTokenResponseType(resolved, 'id_token'),
          createIdTokenResponseType(resolved, 'id_token token'),
          createIdTokenResponseType(resolved, 'code id_token'),
        ]
      : [],
    endpoints: [createUserinfoEndpoint(resolved), createDiscoveryEndpoint()],
    checkServer({ config, signingKeys }) {
      if (!signingKeys) {
        throw new TypeError(
          'openid needs signingKeys (createSigningKeySet) to sign ID tokens: pass signingKeys to the AuthorizationServer',
        );
      }
      if (config.scopesSupported && !config.scopesSupported.has('openid')) {
        throw new TypeError('openid: config.scopesSupported must include openid');
      }
    },
  };
}

function resolveOpenIdConnectOptions(options: OpenIdConnectOptions): ResolvedOpenIdConnectOptions {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError('openid must be an options object with findClaims');
  }
  rejectUnknownKeys(options, OPTION_KEYS, 'openid');
  if (typeof options.findClaims !== 'function') {
    throw new TypeError('openid.findClaims must be a function (user, claimNames, context)');
  }
  const claimsSupported =
    options.claimsSupported ?? Object.values(SCOPE_CLAIMS).flatMap((claims) => [...claims]);
  if (
    !Array.isArray(claimsSupported) ||
    claimsSupported.some((c) => typeof c !== 'string' || !CLAIM_NAME.test(c))
  ) {
    throw new TypeError('openid.claimsSupported must be a list of claim names');
  }
  const salt = options.pairwiseSalt;
  if (salt !== undefined && (typeof salt !== 'string' || salt.length < 16)) {
    throw new TypeError('openid.pairwiseSalt must be a string of at least 16 characters');
  }
  const expiresIn = options.idTokenExpiresIn ?? DEFAULTS.idTokenExpiresIn;
  if (!Number.isSafeInteger(expiresIn) || expiresIn <= 0) {
    throw new TypeError('openid.idTokenExpiresIn must be a positive whole number of seconds');
  }
  if (options.idTokenScopeClaims !== undefined && typeof options.idTokenScopeClaims !== 'boolean') {
    throw new TypeError('openid.idTokenScopeClaims must be a boolean');
  }
  if (options.implicit !== undefined && typeof options.implicit !== 'boolean') {
    throw new TypeError('openid.implicit must be a boolean');
  }
  const acr = options.acrValuesSupported;
  if (
    acr !== undefined &&
    (!Array.isArray(acr) || acr.some((v) => typeof v !== 'string' || !CLAIM_NAME.test(v)))
  ) {
    throw new TypeError('openid.acrValuesSupported must be a list of strings');
  }
  return {
    findClaims: options.findClaims,
    claimsSupported: [...new Set(claimsSupported)],
    pairwiseSalt: salt,
    idTokenExpiresIn: expiresIn,
    idTokenScopeClaims: options.idTokenScopeClaims ?? false,
    acrValuesSupported: acr ? [...acr] : undefined,
    implicit: options.implicit ?? false,
  };
}
