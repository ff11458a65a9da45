import type { JSONWebKeySet } from 'jose';
import type { ClientMetadata } from '../models/client-metadata.js';
import type { OAuth2Request } from '../request/oauth2-request.js';
import type { ReplayStore } from '../stores/replay-store.js';
import type { InitialAccessToken } from './initial-access-token.js';

/** What the registration's `policy` hook is told about a request. */
export interface RegistrationPolicyContext {
  /** `register` (RFC 7591), or `update` of an existing client (RFC 7592 2.2). */
  action: 'register' | 'update';
  /** The metadata as validated (software statement claims applied). */
  metadata: ClientMetadata;
  request: OAuth2Request;
  /** The client being updated; `null` for a registration. */
  clientId: string | null;
  /** The initial access token the request presented, when one was required. */
  initialAccessToken: InitialAccessToken | null;
  /** The verified software statement's claims, when one was sent. */
  softwareStatement: Record<string, unknown> | null;
}

/**
 * Options of dynamic client registration (RFC 7591, RFC 7592), the `registration` option of
 * the server. `access` says who may register; nothing is open unless it says `open`.
 *
 * @example
 * new AuthorizationServer({
 *   ...stores,
 *   config,
 *   registration: { access: 'initial_access_token', initialAccessTokens: [record], replayStore },
 * });
 */
export interface ClientRegistrationOptions {
  /**
   * - `open`: anyone may register (RFC 7591 3; the example server's choice for local use).
   * - `initial_access_token`: the request carries `Authorization: Bearer <token>` of one of
   *   `initialAccessTokens` (RFC 7591 3; digest, expiry, single or multi use).
   * - `policy`: the `policy` hook decides, from the request (a session, mTLS, a header).
   */
  access: 'open' | 'initial_access_token' | 'policy';
  /**
   * The accepted initial access tokens, or a lookup by digest (return `null` for unknown).
   * Required for `initial_access_token`.
   */
  initialAccessTokens?:
    | readonly InitialAccessToken[]
    | ((digest: string) => Promise<InitialAccessToken | null>);
  /** Where single-use initial access tokens are spent, once, atomically (rule 36's store). */
  replayStore?: ReplayStore;
  /**
   * Runs after validation, on registration and on update: throw an `OAuth2Error` to refuse
   * (`InvalidClientMetadataError`, `AccessDeniedError`, ...), return metadata to store in
   * place of the request's (narrow a scope, add a default), or nothing to accept it. With
   * `access: 'policy'` it is also the only gate: return `false` to refuse (401).
   */
  policy?: (
    context: RegistrationPolicyContext,
  ) => ClientMetadata | boolean | undefined | Promise<ClientMetadata | boolean | undefined>;
  /**
   * Software statements (RFC 7591 2.3): the public keys (JWKS) their issuers sign with,
   * verified with `jose`. Without it, a request that carries one is refused.
   */
  softwareStatement?: {
    keys: JSONWebKeySet;
    /** Accepted `iss` values; omitted: any issuer the keys verify. */
    issuers?: readonly string[];
    /** Default RS256, PS256, ES256, EdDSA: never `none`, never HMAC. */
    algorithms?: readonly string[];
    /** Refuse registrations without one (`invalid_software_statement`). Default `false`. */
    required?: boolean;
  };
  /**
   * The scopes a registered client may ask for. Default: `config.scopesSupported` when set,
   * else any scope token.
   */
  scopes?: readonly string[];
  /** The scope registered when a request names none. Default `''`. */
  defaultScope?: string;
  /**
   * The `token_endpoint_auth_method` values a client may register. Default: the methods the
   * token endpoint accepts.
   */
  tokenEndpointAuthMethods?: readonly string[];
  /** Seconds a client secret lives; `0` (default): it never expires (RFC 7591 3.2.1). */
  clientSecretExpiresIn?: number;
  /**
   * RFC 7592 2.2: a successful update issues a new registration access token (default
   * `true`) and, for confidential clients, a new client secret (default `false`).
   */
  rotateOnUpdate?: { registrationAccessToken?: boolean; clientSecret?: boolean };
}

/** Checks {@link ClientRegistrationOptions} once, at construction. */
export function checkRegistrationOptions(options: ClientRegistrationOptions): void {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError('registration must be an object with access');
  }
  const { access } = options;
  if (access !== 'open' && access !== 'initial_access_token' && access !== 'policy') {
    throw new TypeError('registration.access must be open, initial_access_token or policy');
  }
  if (access === 'policy' && typeof options.policy !== 'function') {
    throw new TypeError('registration.access policy needs a policy function');
  }
  if (options.policy !== undefined && typeof options.policy !== 'function') {
    throw new TypeError('registration.policy must be a function');
  }
  const tokens = options.initialAccessTokens;
  if (access === 'initial_access_token') {
    if (!Array.isArray(tokens) && typeof tokens !== 'function') {
      throw new TypeError('registration.initialAccessTokens must be a list or a lookup function');
    }
    const someSingleUse = typeof tokens === 'function' || tokens.some((t) => t.singleUse);
    if (someSingleUse && typeof options.replayStore?.useOnce !== 'function') {
      throw new TypeError('registration: single-use initial access tokens need a replayStore');
    }
    if (Array.isArray(tokens)) {
      for (const t of tokens as InitialAccessToken[]) {
        if (!/^[0-9a-f]{64}$/.test(t?.digest ?? '')) {
          throw new TypeError('registration.initialAccessTokens: digest must be hex SHA-256');
        }
      }
    }
  } else if (tokens !== undefined) {
    throw new TypeError('registration.initialAccessTokens needs access: initial_access_token');
  }
  const statement = options.softwareStatement;
  if (statement !== undefined && !Array.isArray(statement?.keys?.keys)) {
    throw new TypeError('registration.softwareStatement.keys must be a JWK Set');
  }
  const algs = statement?.algorithms ?? [];
  if (algs.some((a) => a === 'none' || /^HS/i.test(a))) {
    throw new TypeError('registration.softwareStatement.algorithms must not hold none or HMAC');
  }
  const isStringList = (v: unknown) =>
    Array.isArray(v) && v.every((item) => typeof item === 'string' && item !== '');
  for (const key of ['scopes', 'tokenEndpointAuthMethods'] as const) {
    if (options[key] !== undefined && !isStringList(options[key])) {
      throw new TypeError(`registration.${key} must be a list of non-empty strings`);
    }
  }
  const { defaultScope, scopes } = options;
  if (defaultScope !== undefined) {
    if (typeof defaultScope !== 'string') {
      throw new TypeError('registration.defaultScope must be a space-separated string');
    }
    const outside = defaultScope.split(' ').find((s) => s !== '' && scopes && !scopes.includes(s));
    if (outside !== undefined) {
      throw new TypeError(`registration.defaultScope holds ${outside}, which is not in scopes`);
    }
  }
  const expiresIn = options.clientSecretExpiresIn;
  if (expiresIn !== undefined && !(Number.isInteger(expiresIn) && expiresIn >= 0)) {
    throw new TypeError('registration.clientSecretExpiresIn must be a whole number of seconds');
  }
}
