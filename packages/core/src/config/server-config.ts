import { type ResolvedCors, resolveCors } from '../cors/cors.js';
import type { TranslateHook } from '../i18n/translate.js';
import type { AccessTokenGeneratorOption } from '../tokens/token-generator-option.js';
import { DEFAULTS } from './defaults.js';
import {
  type AccessTokenFormat,
  type ResolvedResource,
  type ResourceConfig,
  resolveAccessTokenFormat,
  resolveResources,
} from './resolve-resources.js';
import { applySecurityProfile, type SecurityProfile } from './security-profile.js';

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
   * the metadata document (RFC 8414 2). Any registered endpoint can be moved by its name.
   */
  endpoints?: Partial<EndpointUrls> & Record<string, string>;
  /**
   * Browser clients (CORS). `origins`: pages allowed to call the token, revocation and
   * metadata endpoints (and every other endpoint that allows browsers), as serialised
   * origins such as `https://app.example`. `clientOrigins`: also allow, per request, the
   * origins of the requesting client's registered redirect URIs. Never on the authorization
   * endpoint. Default: no origin.
   */
  cors?: { origins?: string[]; clientOrigins?: boolean; maxAgeSeconds?: number };
  /**
   * Turns on the device authorization grant (RFC 8628): the device authorization endpoint
   * and the `urn:ietf:params:oauth:grant-type:device_code` grant, over a `deviceCodes`
   * store. `verificationUri` (required) is the page of your app where users enter the user
   * code (RFC 8628 3.2); `deviceCodeExpiresIn` and `intervalSeconds` default as in
   * `DEFAULTS.deviceAuthorization`.
   */
  deviceAuthorization?: DeviceAuthorizationConfig;
  /**
   * The format of access tokens: `opaque` random values, or `jwt`, signed JWTs per RFC 9068
   * that a resource server validates without calling back (needs the `signingKeys` option).
   * A client's `accessTokenFormat` metadata, then a resource's `format`, take precedence.
   */
  accessTokenFormat?: AccessTokenFormat;
  /**
   * The protected resources clients may name with the RFC 8707 `resource` parameter, keyed
   * by resource indicator (an absolute URI without fragment): the scopes a token for it may
   * carry, its token lifetime in seconds, its token format and its `aud` value. A resource
   * that is not listed here is `invalid_target`.
   */
  resources?: Record<string, ResourceConfig>;
  /**
   * Turns on pushed authorization requests (RFC 9126): the PAR endpoint
   * (`pushed_authorization_request_endpoint`, at `/par`) over a `pushedRequests` store.
   * `expiresIn` is the `request_uri` lifetime in seconds (default 60, at most 600);
   * `required: true` refuses every authorization request that was not pushed
   * (`require_pushed_authorization_requests`). A client's `requirePushedAuthorizationRequests`
   * metadata requires it for that client alone.
   */
  pushedAuthorizationRequests?: PushedAuthorizationRequestsConfig;
  /**
   * A security profile that sets and enforces a group of settings at once. `'fapi2'`: the
   * FAPI 2.0 Security Profile (OpenID FAPI 2.0, February 2025): pushed authorization
   * requests required, PKCE with `S256` for every client, `private_key_jwt` client
   * authentication only (confidential clients only), no implicit or password grant,
   * `redirect_uri` required, authorization codes valid at most 60 seconds, `iss` on every
   * authorization response. A setting that contradicts the profile throws a `TypeError`.
   * See `docs/server/pushed-authorization-requests.md`.
   */
  profile?: SecurityProfile;
}

/** `config.pushedAuthorizationRequests`: see {@link AuthorizationServerConfig.pushedAuthorizationRequests}. */
export interface PushedAuthorizationRequestsConfig {
  /** Lifetime of a `request_uri` in seconds (RFC 9126 2.2 `expires_in`), 1 to 600. */
  expiresIn?: number;
  /** Refuse authorization requests that were not pushed, for every client. */
  required?: boolean;
}

/** `config.deviceAuthorization`: see {@link AuthorizationServerConfig.deviceAuthorization}. */
export interface DeviceAuthorizationConfig {
  /** Where users enter the user code: an absolute `https` URL (`http` on loopback hosts). */
  verificationUri: string;
  /** Device code and user code lifetime in seconds, at most 1800. */
  deviceCodeExpiresIn?: number;
  /** Seconds between polls the device is told to keep (RFC 8628 3.2), 1 to 60. */
  intervalSeconds?: number;
}

/** Every key of {@link AuthorizationServerConfig}, to name a misspelt one. */
const CONFIG_KEYS = [
  'issuer',
  'tokenExpiresIn',
  'refreshTokenExpiresIn',
  'authorizationCodeExpiresIn',
  'accessTokenGenerator',
  'refreshTokenGenerator',
  'rotateConfidentialRefreshTokens',
  'refreshTokenReuseGraceSeconds',
  'pkceMethods',
  'requirePkceForConfidentialClients',
  'errorUris',
  'scopesSupported',
  'maxBodyBytes',
  'defaultLocale',
  'translate',
  'realm',
  'endpoints',
  'cors',
  'deviceAuthorization',
  'accessTokenFormat',
  'resources',
  'pushedAuthorizationRequests',
  'profile',
] as const satisfies readonly (keyof AuthorizationServerConfig)[];

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
  /** The built-in endpoints' URLs, and any other endpoint moved by `config.endpoints`. */
  endpoints: EndpointUrls & Readonly<Record<string, string>>;
  cors: ResolvedCors;
  /** The device authorization grant's settings; `null` when it is off. */
  deviceAuthorization: Required<DeviceAuthorizationConfig> | null;
  accessTokenFormat: AccessTokenFormat;
  /** The resources of `config.resources`, by resource indicator. */
  resources: ReadonlyMap<string, ResolvedResource>;
  /** Pushed authorization requests' settings; `null` when the PAR endpoint is off. */
  pushedAuthorizationRequests: Required<PushedAuthorizationRequestsConfig> | null;
  /** The security profile in force, or `null`. */
  profile: SecurityProfile | null;
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
export function resolveConfig(given: AuthorizationServerConfig): ResolvedConfig {
  if (typeof given !== 'object' || given === null) {
    throw new TypeError('config must be an object with at least an issuer');
  }
  rejectUnknownKeys(given, CONFIG_KEYS, 'config');
  // A profile fills in its settings and refuses the ones that contradict it, before the
  // usual checks see the result.
  const config = applySecurityProfile(given);
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
    cors: resolveCors(config.cors, DEFAULTS.cors),
    deviceAuthorization: resolveDeviceAuthorization(config.deviceAuthorization),
    accessTokenFormat: resolveAccessTokenFormat(
      config.accessTokenFormat ?? DEFAULTS.accessTokenFormat,
    ),
    resources: resolveResources(config.resources),
    pushedAuthorizationRequests: resolvePushedAuthorizationRequests(
      config.pushedAuthorizationRequests,
    ),
    profile: config.profile ?? null,
  };
}

const PUSHED_AUTHORIZATION_REQUESTS_KEYS = [
  'expiresIn',
  'required',
] as const satisfies readonly (keyof PushedAuthorizationRequestsConfig)[];

function resolvePushedAuthorizationRequests(
  given: unknown,
): Required<PushedAuthorizationRequestsConfig> | null {
  if (given === undefined) return null;
  if (typeof given !== 'object' || given === null || Array.isArray(given)) {
    throw new TypeError('config.pushedAuthorizationRequests must be an object (or {})');
  }
  rejectUnknownKeys(
    given,
    PUSHED_AUTHORIZATION_REQUESTS_KEYS,
    'config.pushedAuthorizationRequests',
  );
  const c = given as PushedAuthorizationRequestsConfig;
  const defaults = DEFAULTS.pushedAuthorizationRequests;
  return {
    expiresIn: seconds(
      'pushedAuthorizationRequests.expiresIn',
      c.expiresIn ?? defaults.expiresIn,
      DEFAULTS.maxPushedRequestExpiresIn,
    ),
    required: bool('pushedAuthorizationRequests.required', c.required ?? defaults.required),
  };
}

const DEVICE_AUTHORIZATION_KEYS = [
  'verificationUri',
  'deviceCodeExpiresIn',
  'intervalSeconds',
] as const satisfies readonly (keyof DeviceAuthorizationConfig)[];

function resolveDeviceAuthorization(given: unknown): Required<DeviceAuthorizationConfig> | null {
  if (given === undefined) return null;
  if (typeof given !== 'object' || given === null || Array.isArray(given)) {
    throw new TypeError('config.deviceAuthorization must be an object with a verificationUri');
  }
  rejectUnknownKeys(given, DEVICE_AUTHORIZATION_KEYS, 'config.deviceAuthorization');
  const c = given as DeviceAuthorizationConfig;
  const defaults = DEFAULTS.deviceAuthorization;
  const interval = c.intervalSeconds ?? defaults.intervalSeconds;
  return {
    verificationUri: checkVerificationUri(c.verificationUri),
    deviceCodeExpiresIn: seconds(
      'deviceAuthorization.deviceCodeExpiresIn',
      c.deviceCodeExpiresIn ?? defaults.deviceCodeExpiresIn,
      DEFAULTS.maxDeviceCodeExpiresIn,
    ),
    intervalSeconds: seconds('deviceAuthorization.intervalSeconds', interval, 60),
  };
}

function checkVerificationUri(uri: unknown): string {
  const where = 'config.deviceAuthorization.verificationUri';
  if (typeof uri !== 'string' || !URL.canParse(uri)) {
    throw new TypeError(`${where} is required: the absolute URL where users enter the user code`);
  }
  const url = new URL(uri);
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw new TypeError(`${where} must use https (http only for loopback hosts)`);
  }
  if (url.hash || uri.includes('#')) throw new TypeError(`${where} must not have a fragment`);
  return uri;
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

function resolveEndpoints(
  issuer: string,
  given: Record<string, unknown>,
): EndpointUrls & Record<string, string> {
  if (typeof given !== 'object' || given === null || Array.isArray(given)) {
    throw new TypeError('config.endpoints must be an object of URLs or paths by endpoint name');
  }
  const out: Record<string, string> = {};
  for (const name of new Set([...Object.keys(DEFAULTS.endpointPaths), ...Object.keys(given)])) {
    const value = given[name] ?? DEFAULTS.endpointPaths[name as keyof EndpointUrls];
    if (typeof value !== 'string') {
      throw new TypeError(`config.endpoints.${name} must be a URL or a path`);
    }
    const url = endpointUrl(issuer, value);
    if (url === null) throw new TypeError(`config.endpoints.${name} must be a URL or a path`);
    out[name] = url;
  }
  return out as EndpointUrls & Record<string, string>;
}

/** A path below the issuer (`/token`) or an absolute URL, as an absolute URL; `null` if neither. */
export function endpointUrl(issuer: string, pathOrUrl: string): string | null {
  const base = issuer.endsWith('/') ? issuer : `${issuer}/`;
  if (!URL.canParse(pathOrUrl, base)) return null;
  return new URL(pathOrUrl.replace(/^\//, ''), base).href;
}

/**
 * Throws a `TypeError` naming the first key of `object` that is not in `known`, with the
 * closest known key when one is near (a misspelt option would otherwise be ignored).
 */
export function rejectUnknownKeys(object: object, known: readonly string[], where: string): void {
  for (const key of Object.keys(object)) {
    if (known.includes(key)) continue;
    const closest = closestKey(key, known);
    throw new TypeError(
      `${where}.${key} is not an option${closest ? `; did you mean ${closest}?` : ''}`,
    );
  }
}

/**
 * Like {@link rejectUnknownKeys} for objects that may carry keys of their own: throws only
 * for a key that is not known but close to one that is (`querClient`, `saveTokens`).
 */
export function rejectMisspeltKeys(object: object, known: readonly string[], where: string): void {
  for (const key of Object.keys(object)) {
    if (known.includes(key)) continue;
    const closest = closestKey(key, known);
    if (closest) throw new TypeError(`${where}.${key} is not an option; did you mean ${closest}?`);
  }
}

function closestKey(key: string, known: readonly string[]): string | null {
  let best: string | null = null;
  let bestDistance = Math.max(3, Math.floor(key.length / 3)) + 1;
  for (const candidate of known) {
    const d = editDistance(key.toLowerCase(), candidate.toLowerCase());
    // A short name (`dpop`) is a few edits from many unrelated keys (a store bundle's
    // `dump`): only a one-letter slip counts as its misspelling.
    if (candidate.length <= 4 && d > 1) continue;
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

/** Levenshtein distance, for suggestions only. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(
        previous[j]! + 1,
        current[j - 1]! + 1,
        previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    previous = current;
  }
  return previous[b.length]!;
}
