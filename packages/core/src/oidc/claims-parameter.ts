import { DEFAULTS } from '../config/defaults.js';
import { InvalidRequestError } from '../errors/errors.js';

/** The request for one claim (OpenID Connect Core 5.5.1); `null` asks in the default manner. */
export interface ClaimRequest {
  essential?: boolean;
  /** The claim must have this value. */
  value?: string | number | boolean;
  /** The claim should have one of these values, in order of preference. */
  values?: (string | number | boolean)[];
}

/** A parsed `claims` request parameter (OpenID Connect Core 5.5). */
export interface ClaimsRequest {
  userinfo?: Record<string, ClaimRequest | null>;
  id_token?: Record<string, ClaimRequest | null>;
}

/** Bounds of {@link parseClaimsParameter}; defaults in `DEFAULTS`. */
export interface ClaimsParameterLimits {
  maxBytes?: number;
  maxClaims?: number;
  maxValues?: number;
}

const MAX_CLAIM_NAME_LENGTH = 256;
const MAX_VALUE_LENGTH = 1_024;

/**
 * Parses and validates the `claims` request parameter (OpenID Connect Core 5.5), as
 * oidc-provider does: a JSON object with a `userinfo` and/or `id_token` member, each an
 * object of claim name -> `null` or `{ essential?, value?, values? }`. Other top-level
 * members are ignored (5.5: "MUST be ignored" when not understood). Anything else, or input
 * over the size bounds, is an `InvalidRequestError`. Values are limited to strings, numbers
 * and booleans. The result holds only understood members, with own properties only. A
 * request object's already-parsed `claims` object is accepted and checked the same way.
 *
 * @example
 * parseClaimsParameter('{"id_token":{"auth_time":{"essential":true}}}');
 */
export function parseClaimsParameter(
  raw: string | Record<string, unknown>,
  limits: ClaimsParameterLimits = {},
): ClaimsRequest {
  const maxBytes = limits.maxBytes ?? DEFAULTS.maxClaimsParameterBytes;
  const maxClaims = limits.maxClaims ?? DEFAULTS.maxRequestedClaims;
  const maxValues = limits.maxValues ?? DEFAULTS.maxClaimValues;
  let text: unknown;
  try {
    // A request object (RFC 9101) carries the parameter as a JSON object: measured the same way.
    text = typeof raw === 'string' ? raw : JSON.stringify(raw);
  } catch (cause) {
    throw new InvalidRequestError({ description: 'the claims parameter must be JSON', cause });
  }
  if (typeof text !== 'string') throw invalid('the claims parameter must be JSON');
  if (Buffer.byteLength(text, 'utf8') > maxBytes)
    throw invalid('the claims parameter is too large');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (cause) {
    throw new InvalidRequestError({
      description: 'could not parse the claims parameter JSON',
      cause,
    });
  }
  if (!isJsonObject(parsed)) throw invalid('the claims parameter must be a JSON object');
  if (parsed.userinfo === undefined && parsed.id_token === undefined) {
    throw invalid('the claims parameter must have a userinfo or id_token member');
  }
  const out: ClaimsRequest = {};
  for (const target of ['userinfo', 'id_token'] as const) {
    const member = parsed[target];
    if (member === undefined) continue;
    if (!isJsonObject(member)) throw invalid(`claims.${target} must be an object`);
    const entries = Object.entries(member);
    if (entries.length > maxClaims) throw invalid(`claims.${target} names too many claims`);
    out[target] = Object.fromEntries(
      entries.map(([name, request]) => [
        name,
        claimRequest(`claims.${target}.${name}`, name, request, maxValues),
      ]),
    );
  }
  return out;
}

function claimRequest(
  where: string,
  name: string,
  request: unknown,
  maxValues: number,
): ClaimRequest | null {
  if (name === '' || name.length > MAX_CLAIM_NAME_LENGTH)
    throw invalid('a claim name in the claims parameter is empty or too long');
  if (request === null) return null;
  if (!isJsonObject(request)) throw invalid(`${where} must be null or an object`);
  const out: ClaimRequest = {};
  if (request.essential !== undefined) {
    if (typeof request.essential !== 'boolean')
      throw invalid(`${where}.essential must be a boolean`);
    out.essential = request.essential;
  }
  if (request.value !== undefined) {
    if (!isClaimValue(request.value))
      throw invalid(`${where}.value must be a string, number or boolean`);
    out.value = request.value;
  }
  if (request.values !== undefined) {
    const { values } = request;
    if (
      !Array.isArray(values) ||
      values.length === 0 ||
      values.length > maxValues ||
      !values.every(isClaimValue)
    ) {
      throw invalid(
        `${where}.values must be a non-empty array of at most ${maxValues} strings, numbers or booleans`,
      );
    }
    out.values = [...values];
  }
  return out;
}

function isClaimValue(v: unknown): v is string | number | boolean {
  return (
    (typeof v === 'string' && v.length <= MAX_VALUE_LENGTH) ||
    (typeof v === 'number' && Number.isFinite(v)) ||
    typeof v === 'boolean'
  );
}

function isJsonObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function invalid(description: string): InvalidRequestError {
  return new InvalidRequestError({ description });
}
