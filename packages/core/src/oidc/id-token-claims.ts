import type { JWTPayload } from 'jose';
import { claimHash } from './claim-hash.js';

/** What an ID token says (OpenID Connect Core 2, 3.1.3.6, 3.3.2.11). */
export interface IdTokenClaimsInput {
  /** `iss`: the issuer identifier, exactly as in the discovery document. */
  issuer: string;
  /** `sub`: the subject as this client sees it (public or pairwise: see `subjectFor`). */
  subject: string;
  /** The client the token is for: always in `aud`. */
  clientId: string;
  /** Further audiences (trusted parties); when there are any, `azp` is set to `clientId`. */
  additionalAudiences?: readonly string[];
  /** `iat`, in seconds since the epoch. */
  issuedAt: number;
  /** Lifetime in seconds: `exp` = `iat` + this (a positive integer). */
  expiresIn: number;
  /** `auth_time`, in seconds: when the End-User signed in. Required with `max_age` (Core 3.1.2.1). */
  authTime?: number;
  /** The `nonce` of the authentication request, echoed exactly (Core 3.1.2.1). */
  nonce?: string;
  acr?: string;
  amr?: readonly string[];
  /** The access token issued with this ID token: adds `at_hash`. */
  accessToken?: string;
  /** The authorization code issued with this ID token (hybrid flow): adds `c_hash`. */
  code?: string;
  /**
   * End-User claims (from the application's `findClaims`). They never replace a claim the
   * server sets (`iss`, `sub`, `aud`, `exp`, `iat`, `nonce`, ...).
   */
  claims?: Readonly<Record<string, unknown>>;
}

/** Claims the server sets itself: an End-User claim of the same name is dropped. */
export const PROTECTED_ID_TOKEN_CLAIMS: ReadonlySet<string> = new Set([
  'iss',
  'sub',
  'aud',
  'azp',
  'exp',
  'iat',
  'nbf',
  'jti',
  'auth_time',
  'nonce',
  'acr',
  'amr',
  'at_hash',
  'c_hash',
  's_hash',
  'sid',
  'cnf',
]);

/**
 * The claims set of an ID token signed with `alg` (the alg picks the `at_hash` / `c_hash`
 * hash). Pure: the same input gives the same claims. Caller mistakes (an empty issuer,
 * subject or client id, a non-integer time or lifetime, a non-string nonce) throw `TypeError`.
 *
 * @example
 * const claims = buildIdTokenClaims(
 *   { issuer, subject, clientId, issuedAt: now, expiresIn: 3600, nonce, accessToken },
 *   keys.keyFor().alg,
 * );
 */
export function buildIdTokenClaims(input: IdTokenClaimsInput, alg: string): JWTPayload {
  const { issuer, subject, clientId, issuedAt, expiresIn } = input;
  for (const [name, v] of [
    ['issuer', issuer],
    ['subject', subject],
    ['clientId', clientId],
  ] as const) {
    if (typeof v !== 'string' || v === '')
      throw new TypeError(`${name} must be a non-empty string`);
  }
  if (!Number.isSafeInteger(issuedAt) || issuedAt < 0)
    throw new TypeError('issuedAt must be whole seconds');
  if (!Number.isSafeInteger(expiresIn) || expiresIn <= 0)
    throw new TypeError('expiresIn must be a positive integer');
  if (
    input.authTime !== undefined &&
    (!Number.isSafeInteger(input.authTime) || input.authTime < 0)
  ) {
    throw new TypeError('authTime must be whole seconds');
  }
  if (input.nonce !== undefined && typeof input.nonce !== 'string')
    throw new TypeError('nonce must be a string');

  const audiences = [clientId, ...(input.additionalAudiences ?? []).filter((a) => a !== clientId)];
  const claims: JWTPayload = {};
  for (const [name, value] of Object.entries(input.claims ?? {})) {
    if (!PROTECTED_ID_TOKEN_CLAIMS.has(name) && value !== undefined) claims[name] = value;
  }
  claims.iss = issuer;
  claims.sub = subject;
  // A single audience is a string, as oidc-provider and most clients expect; with several,
  // azp names the party the token was issued to (Core 2, 3.1.3.7 steps 4-5).
  claims.aud = audiences.length === 1 ? clientId : audiences;
  if (audiences.length > 1) claims.azp = clientId;
  claims.exp = issuedAt + expiresIn;
  claims.iat = issuedAt;
  if (input.authTime !== undefined) claims.auth_time = input.authTime;
  if (input.nonce !== undefined) claims.nonce = input.nonce;
  if (input.acr !== undefined) claims.acr = input.acr;
  if (input.amr !== undefined) claims.amr = [...input.amr];
  if (input.accessToken !== undefined) claims.at_hash = claimHash(input.accessToken, alg);
  if (input.code !== undefined) claims.c_hash = claimHash(input.code, alg);
  return claims;
}
