import type { TranslateHook } from '../i18n/translate.js';
import type { AccessTokenGeneratorOption } from '../tokens/token-generator-option.js';
import { DEFAULTS } from './defaults.js';

/** Configuration of an authorization server. Every field but `issuer` has a default. */
export interface AuthorizationServerConfig {
  /**
   * The issuer identifier (RFC 8414 2): an `https` URL without query or fragment (`http` is
   * allowed for loopback hosts, for development). Sent as `iss` on every authorization
   * response (RFC 9207).
   */
  issuer: string;
  /** Access-token lifetime per grant type, in seconds; merged over the defaults. */
  tokenExpiresIn?: Record<string, number>;
  /** Refresh-token lifetime in seconds, `null` for none. */
  refreshTokenExpiresIn?: number | null;
  /** Authorization-code lifetime in seconds, at most 600. */
  authorizationCodeExpiresIn?: number;
  /**
   * How access tokens are made: `true` (32 random bytes, base64url), a function
   * `(client, grantType, user, scope) => string`, or a `"module#export"` path loaded at init.
   */
  accessTokenGenerator?: AccessTokenGeneratorOption;
  /** Same as `accessTokenGenerator`, for refresh tokens; `false` (default) issues none. */
  refreshTokenGenerator?: AccessTokenGeneratorOption | false;
  rotateConfidentialRefreshTokens?: boolean;
  refreshTokenReuseGraceSeconds?: number;
  pkceMethods?: ('S256' | 'plain')[];
  requirePkceForConfidentialClients?: boolean;
  /**
   * `error_uri` per error code, as a map or a list of `[error, uri]` pairs. Absent means no
   * `error_uri` is ever sent.
   */
  errorUris?: Record<string, string> | Map<string, string> | [string, string][];
  /** Every scope the server knows; a request for any other is `invalid_scope`. */
  scopesSupported?: string[];
  maxBodyBytes?: number;
  defaultLocale?: string;
  /** Your own `error_description` translations (see `TranslateHook`). */
  translate?: TranslateHook;
  realm?: string;
  /**
   * Where the endpoints are served, as absolute URLs or paths below the issuer; published in
   * the metadata document (RFC 8414 2).
   */
  endpoints?: Partial<EndpointUrls>;
}

/** The URLs of the endpoints, as published in the metadata (RFC 8414 2). */
export interface EndpointUrls {
  authorization: string;
  token: string;
  revocation: string;
  introspection: string;
}

/** A configuration after defaults and checks: what the server reads at request time. */
export interface ResolvedConfig {
  issuer: string;
  tokenExpiresIn: Record<string, number>;
  defaultTokenExpiresIn: number;
  refreshTokenExpiresIn: number | null;
  authorizationCodeExpiresIn: number;
  accessTokenGenerator: AccessTokenGeneratorOption;
  refreshTokenGenerator: AccessTokenGeneratorOption | false;
  rotateConfidentialRefreshTokens: boolean;
  refreshTokenReuseGraceSeconds: number;
  pkceMethods: string[];
  requirePkceForConfidentialClients: boolean;
  errorUris: Map<string, string>;
  scopesSupported: Set<string> | null;
  maxBodyBytes: number;
  defaultLocale: string;
  translate: TranslateHook | undefined;
  realm: string;
  endpoints: EndpointUrls;
}

const seconds = (
  name: string,
  v: unknown,
  max = Number.MAX_SAFE_INTEGER,
  unit = 'seconds',
): number => {
  if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0 || v > max) {
    throw new TypeError(`config.${name} must be a whole number of ${unit} between 1 and ${max}`);
  }
  return v;
};

const generatorOption = (name: string, v: unknown, allowFalse: boolean) => {
  if (v === true || (allowFalse && v === false) || typeof v === 'function') return v;
  if (typeof v === 'string' && /^.+#[A-Za-z_$][\w$]*$/.test(v)) return v;
  throw new TypeError(
    `config.${name} must be true${allowFalse ? ', false' : ''}, a function or a "module#export" string`,
  );
};

/**
 * Applies the defaults and checks every value once, at construction: a mistake throws a
 * `TypeError` naming the field, never a failure at request time.
 */
export function resolveConfig(config: AuthorizationServerConfig): ResolvedConfig {
  if (typeof config !== 'object' || config === null) {
    throw new TypeError('config must be an object with at least an issuer');
  }
  const issuer = checkIssuer(config.issuer);
  if (
    config.tokenExpiresIn !== undefined &&
    (typeof config.tokenExpiresIn !== 'object' ||
      config.tokenExpiresIn === null ||
      Array.isArray(config.tokenExpiresIn))
  ) {
    throw new TypeError('config.tokenExpiresIn must be an object of seconds per grant type');
  }
  const tokenExpiresIn = { ...DEFAULTS.tokenExpiresIn, ...config.tokenExpiresIn };
  const defaultLocale = config.defaultLocale ?? DEFAULTS.defaultLocale;
  if (typeof defaultLocale !== 'string' || !/^[a-z]{2,8}$/.test(defaultLocale)) {
    throw new TypeError('config.defaultLocale must be a primary language tag such as "en"');
  }
  for (const [grant, v] of Object.entries(tokenExpiresIn)) seconds(`tokenExpiresIn.${grant}`, v);
  const refreshTokenExpiresIn =
    config.refreshTokenExpiresIn === null
      ? null
      : seconds(
          'refreshTokenExpiresIn',
          config.refreshTokenExpiresIn ?? DEFAULTS.refreshTokenExpiresIn,
        );
  const pkceMethods = config.pkceMethods ?? [...DEFAULTS.pkceMethods];
  if (
    !Array.isArray(pkceMethods) ||
    pkceMethods.length === 0 ||
    pkceMethods.some((m) => m !== 'S256' && m !== 'plain')
  ) {
    throw new TypeError('config.pkceMethods must be a non-empty list of "S256" and/or "plain"');
  }
  const grace = config.refreshTokenReuseGraceSeconds ?? DEFAULTS.refreshTokenReuseGraceSeconds;
  if (typeof grace !== 'number' || !Number.isInteger(grace) || grace < 0 || grace > 300) {
    throw new TypeError(
      'config.refreshTokenReuseGraceSeconds must be a whole number from 0 to 300',
    );
  }
  const scopes = config.scopesSupported;
  if (
    scopes !== undefined &&
    (!Array.isArray(scopes) || scopes.some((s) => !/^[\x21\x23-\x5b\x5d-\x7e]+$/.test(s)))
  ) {
    throw new TypeError('config.scopesSupported must be a list of scope tokens (RFC 6749 3.3)');
  }
  if (config.translate !== undefined && typeof config.translate !== 'function') {
    throw new TypeError('config.translate must be a function (key, locale) => string | undefined');
  }
  return {
    issuer,
    tokenExpiresIn,
    defaultTokenExpiresIn: DEFAULTS.defaultTokenExpiresIn,
    refreshTokenExpiresIn,
    authorizationCodeExpiresIn: seconds(
      'authorizationCodeExpiresIn',
      config.authorizationCodeExpiresIn ?? DEFAULTS.authorizationCodeExpiresIn,
      DEFAULTS.maxAuthorizationCodeExpiresIn,
    ),
    accessTokenGenerator: generatorOption(
      'accessTokenGenerator',
      config.accessTokenGenerator ?? true,
      false,
    ) as AccessTokenGeneratorOption,
    refreshTokenGenerator: generatorOption(
      'refreshTokenGenerator',
      config.refreshTokenGenerator ?? DEFAULTS.refreshTokenGenerator,
      true,
    ) as AccessTokenGeneratorOption | false,
    rotateConfidentialRefreshTokens: bool(
      'rotateConfidentialRefreshTokens',
      config.rotateConfidentialRefreshTokens ?? DEFAULTS.rotateConfidentialRefreshTokens,
    ),
    refreshTokenReuseGraceSeconds: grace,
    pkceMethods,
    requirePkceForConfidentialClients: bool(
      'requirePkceForConfidentialClients',
      config.requirePkceForConfidentialClients ?? DEFAULTS.requirePkceForConfidentialClients,
    ),
    errorUris: resolveErrorUris(config.errorUris),
    scopesSupported: scopes ? new Set(scopes) : null,
    maxBodyBytes: seconds(
      'maxBodyBytes',
      config.maxBodyBytes ?? DEFAULTS.maxBodyBytes,
      1 << 24,
      'bytes',
    ),
    defaultLocale,
    translate: config.translate,
    realm: checkRealm(config.realm ?? DEFAULTS.realm),
    endpoints: resolveEndpoints(issuer, config.endpoints ?? {}),
  };
}

function bool(name: string, v: unknown): boolean {
  if (typeof v !== 'boolean') throw new TypeError(`config.${name} must be a boolean`);
  return v;
}

function checkIssuer(issuer: unknown): string {
  if (typeof issuer !== 'string') throw new TypeError('config.issuer must be a URL string');
  let url: URL;
  try {
    url = new URL(issuer);
  } catch {
    throw new TypeError(`config.issuer is not a valid URL: ${issuer}`);
  }
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw new TypeError('config.issuer must use https (http only for loopback hosts)');
  }
  if (url.search || url.hash || issuer.includes('#') || issuer.includes('?')) {
    throw new TypeError('config.issuer must not have a query or fragment (RFC 8414 2)');
  }
  return issuer;
}

function checkRealm(realm: unknown): string {
  if (typeof realm !== 'string' || /["\\\r\n]/.test(realm)) {
    throw new TypeError('config.realm must be a string without quotes, backslashes or newlines');
  }
  return realm;
}

function resolveErrorUris(v: AuthorizationServerConfig['errorUris']): Map<string, string> {
  if (v === undefined) return new Map();
  const entries =
    v instanceof Map ? [...v] : Array.isArray(v) ? v : Object.entries(v as Record<string, string>);
  const map = new Map<string, string>();
  for (const entry of entries) {
    if (!Array.isArray(entry) || entry.length !== 2) {
      throw new TypeError('config.errorUris entries must be [error, uri] pairs');
    }
    const [error, uri] = entry;
    if (typeof error !== 'string' || typeof uri !== 'string' || !URL.canParse(uri)) {
      throw new TypeError(`config.errorUris: "${String(uri)}" for "${String(error)}" is not a URL`);
    }
    // error_uri characters are limited to %x21 / %x23-5B / %x5D-7E (RFC 6749 5.2).
    if (!/^[\x21\x23-\x5b\x5d-\x7e]+$/.test(uri)) {
      throw new TypeError(`config.errorUris: "${uri}" has characters not allowed in error_uri`);
    }
    map.set(error, uri);
  }
  return map;
}

function resolveEndpoints(issuer: string, given: Partial<EndpointUrls>): EndpointUrls {
  const base = issuer.endsWith('/') ? issuer : `${issuer}/`;
  const out = {} as EndpointUrls;
  for (const [name, path] of Object.entries(DEFAULTS.endpointPaths)) {
    const value = given[name as keyof EndpointUrls] ?? path;
    if (typeof value !== 'string' || !URL.canParse(value, base)) {
      throw new TypeError(`config.endpoints.${name} must be a URL or a path`);
    }
    out[name as keyof EndpointUrls] = new URL(value.replace(/^\//, ''), base).href;
  }
  return out;
}
