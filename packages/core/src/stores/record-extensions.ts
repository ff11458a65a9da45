import type { ClaimsRequest } from '../oidc/claims-parameter.js';

/**
 * What modules keep on a code or token record beyond the columns every store has: OpenID
 * Connect's authentication facts and requested claims, RFC 8707 resources, and an app's own
 * fields. Stores keep it as one JSON value (one column, one hash field, one document path), so
 * a new module needs no migration. Values must survive `JSON.stringify`/`JSON.parse`
 * unchanged: strings, finite numbers, booleans, arrays and plain objects (times are seconds
 * since the epoch). A record without any carries `{}`.
 *
 * Add your own fields by augmenting this interface:
 *
 * @example
 * declare module '@oauthkit/core' {
 *   interface RecordExtensions {
 *     tenantId?: string;
 *   }
 * }
 */
export interface RecordExtensions {
  /** OpenID Connect: when the user authenticated, in seconds since the epoch (`auth_time`). */
  authTime?: number;
  /** OpenID Connect: the Authentication Context Class Reference the app reported (`acr`). */
  acr?: string;
  /** OpenID Connect: the Authentication Methods References the app reported (`amr`). */
  amr?: string[];
  /** OpenID Connect: the `claims` request parameter, as parsed. */
  claims?: ClaimsRequest;
  /** RFC 8707: the resources (absolute URIs) the grant is restricted to. */
  resource?: string[];
  /**
   * RFC 8707: the resources this record's access token is for, when the token request
   * narrowed them below `resource` (which the refresh token keeps).
   */
  accessTokenResource?: string[];
  /**
   * RFC 8707: the scope the grant was authorized with, when a code exchange narrowed the
   * record's scope to what its resources allow; a refresh for other resources of the grant
   * may have it back (never more).
   */
  grantedScope?: string;
  /**
   * RFC 9449: the JWK SHA-256 thumbprint (RFC 7638) of the DPoP key. On a code, the
   * `dpop_jkt` of the authorization request; on a token record, the key the access token is
   * bound to (`cnf.jkt`), and for a public client's refresh token the key it is bound to.
   */
  dpopJkt?: string;
}

/**
 * The largest serialised {@link RecordExtensions} a store accepts, in UTF-8 bytes. Bounds
 * every store's column the same way; the `claims` parameter's own limit stays below it.
 */
export const MAX_RECORD_EXTENSIONS_BYTES = 8192;

/**
 * The JSON a store writes for `extensions`, after checking it: a plain object whose JSON
 * round trip gives the same value, at most {@link MAX_RECORD_EXTENSIONS_BYTES}. A `TypeError`
 * otherwise (a caller mistake, refused before the store is asked).
 *
 * @example
 * const json = serializeRecordExtensions('saveToken', 'record.extensions', record.extensions);
 */
export function serializeRecordExtensions(method: string, name: string, value: unknown): string {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TypeError(`${method}: ${name} must be a plain object`);
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) {
    throw new TypeError(`${method}: ${name} must be a plain object`);
  }
  // Most records carry none: an object without own properties (a hidden `toJSON` included)
  // serialises as `{}` and round-trips, without building and parsing the JSON.
  if (Object.getOwnPropertyNames(value).length === 0) return '{}';
  let json: string;
  try {
    json = JSON.stringify(value);
  } catch {
    throw new TypeError(`${method}: ${name} must be JSON-serialisable`);
  }
  if (Buffer.byteLength(json, 'utf8') > MAX_RECORD_EXTENSIONS_BYTES) {
    throw new TypeError(
      `${method}: ${name} exceeds ${MAX_RECORD_EXTENSIONS_BYTES} bytes once serialised`,
    );
  }
  if (!sameJson(value, JSON.parse(json))) {
    throw new TypeError(
      `${method}: ${name} holds values JSON does not keep (Dates, undefined, NaN, functions, ...)`,
    );
  }
  return json;
}

/**
 * The column (hash field, document path) value a store writes for a record's `extensions`:
 * the checked JSON of {@link serializeRecordExtensions}, or `null` for a record saved without
 * any (it reads back as `{}`).
 *
 * @example
 * extensions: extensionsJson('saveToken', record.extensions),
 */
export function extensionsJson(
  method: string,
  extensions: RecordExtensions | undefined,
): string | null {
  return extensions === undefined
    ? null
    : serializeRecordExtensions(method, 'record.extensions', extensions);
}

/**
 * The {@link RecordExtensions} a store read back: `{}` for a missing value (`null`, an empty
 * column of a row written before the column existed).
 *
 * @example
 * extensions: parseRecordExtensions(row.extensions),
 */
export function parseRecordExtensions(json: string | null | undefined): RecordExtensions {
  if (json === null || json === undefined || json === '') return {};
  const value: unknown = JSON.parse(json);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TypeError('stored record extensions are not a JSON object');
  }
  return value as RecordExtensions;
}

function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const proto = Object.getPrototypeOf(a);
  if (!Array.isArray(a) && proto !== Object.prototype && proto !== null) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k) =>
    sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]),
  );
}
