import { rejectUnknownKeys } from './server-config.js';

/** An access-token format: random opaque values, or RFC 9068 JWTs. */
export type AccessTokenFormat = 'opaque' | 'jwt';

/** Settings of one protected resource (RFC 8707), keyed by its resource indicator. */
export interface ResourceConfig {
  /** The scopes a token for this resource may carry; absent: any scope. */
  scopes?: string[];
  /** Lifetime of access tokens for this resource, in seconds; absent: the grant's. */
  expiresIn?: number;
  /** Format of access tokens for this resource; absent: the client's, else the server's. */
  format?: AccessTokenFormat;
  /** The `aud` value this resource expects (RFC 9068 3); absent: the resource indicator itself. */
  audience?: string;
}

/** A {@link ResourceConfig} after checks. */
export interface ResolvedResource {
  readonly indicator: string;
  readonly scopes: ReadonlySet<string> | null;
  readonly expiresIn: number | null;
  readonly format: AccessTokenFormat | null;
  readonly audience: string;
}

const RESOURCE_KEYS = ['scopes', 'expiresIn', 'format', 'audience'] as const;

/**
 * Whether `value` is a resource indicator RFC 8707 2 allows: an absolute URI without a
 * fragment (a query is discouraged there, not forbidden).
 */
export function isResourceIndicator(value: string): boolean {
  if (value.includes('#') || !URL.canParse(value)) return false;
  return /^[A-Za-z][A-Za-z0-9+.-]*:/.test(value);
}

/** Checks `config.accessTokenFormat`. */
export function resolveAccessTokenFormat(value: unknown): AccessTokenFormat {
  if (value === 'opaque' || value === 'jwt') return value;
  throw new TypeError('config.accessTokenFormat must be "opaque" or "jwt"');
}

/** Checks `config.resources` once, at construction (`TypeError` naming the field). */
export function resolveResources(value: unknown): ReadonlyMap<string, ResolvedResource> {
  const out = new Map<string, ResolvedResource>();
  if (value === undefined) return out;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TypeError('config.resources must be an object of settings by resource indicator');
  }
  for (const [indicator, settings] of Object.entries(value)) {
    const where = `config.resources["${indicator}"]`;
    if (!isResourceIndicator(indicator)) {
      throw new TypeError(`${where}: a resource indicator is an absolute URI without a fragment`);
    }
    if (typeof settings !== 'object' || settings === null || Array.isArray(settings)) {
      throw new TypeError(`${where} must be an object`);
    }
    rejectUnknownKeys(settings, RESOURCE_KEYS, where);
    const s = settings as ResourceConfig;
    if (
      s.scopes !== undefined &&
      (!Array.isArray(s.scopes) ||
        s.scopes.some((x) => typeof x !== 'string' || !/^[\x21\x23-\x5b\x5d-\x7e]+$/.test(x)))
    ) {
      throw new TypeError(`${where}.scopes must be a list of scope tokens (RFC 6749 3.3)`);
    }
    if (
      s.expiresIn !== undefined &&
      (typeof s.expiresIn !== 'number' || !Number.isInteger(s.expiresIn) || s.expiresIn <= 0)
    ) {
      throw new TypeError(`${where}.expiresIn must be a whole number of seconds above 0`);
    }
    if (s.format !== undefined && s.format !== 'opaque' && s.format !== 'jwt') {
      throw new TypeError(`${where}.format must be "opaque" or "jwt"`);
    }
    if (s.audience !== undefined && (typeof s.audience !== 'string' || s.audience === '')) {
      throw new TypeError(`${where}.audience must be a non-empty string`);
    }
    out.set(indicator, {
      indicator,
      scopes: s.scopes ? new Set(s.scopes) : null,
      expiresIn: s.expiresIn ?? null,
      format: s.format ?? null,
      audience: s.audience ?? indicator,
    });
  }
  return out;
}
