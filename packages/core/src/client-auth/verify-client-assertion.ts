import { type JWTPayload, type JWTVerifyGetKey, jwtVerify } from 'jose';

/** What {@link verifyClientAssertion} checks an assertion against. */
export interface ClientAssertionExpectations {
  clientId: string;
  /** Accepted `aud` values: the issuer identifier and the endpoint URLs (RFC 7523 3). */
  audiences: readonly string[];
  /** The JWS algorithms accepted for this client: never `none`, never HMAC. */
  algorithms: readonly string[];
  maxLifetimeSeconds: number;
  clockSkewSeconds: number;
  now: Date;
}

/** A verified assertion's claims that the caller needs. */
export interface VerifiedClientAssertion {
  jti: string;
  exp: number;
  payload: JWTPayload;
}

// RFC 7523 assertions carry no `typ` or a generic one; draft-ietf-oauth-rfc7523bis names
// `client-authentication+jwt`. Any other `typ` is a JWT made for something else (an access
// token, a DPoP proof, a logout token) and is never accepted as client authentication.
const ACCEPTED_TYP = /^(application\/)?(jwt|client-authentication\+jwt)$/i;

/**
 * Checks an RFC 7523 client assertion: signature with one of `keys` under an allowed
 * algorithm, `iss` = `sub` = the client id, `aud` one of `audiences`, `exp` present and at
 * most `maxLifetimeSeconds` ahead, `nbf` and `iat` not in the future, beyond the skew,
 * `jti` present. Rejects (with `jose`'s error or a `TypeError` naming the claim) on any
 * failure; the caller answers `invalid_client`. Single use of `jti` is the caller's.
 */
export async function verifyClientAssertion(
  assertion: string,
  keys: JWTVerifyGetKey,
  expect: ClientAssertionExpectations,
): Promise<VerifiedClientAssertion> {
  const { payload, protectedHeader } = await jwtVerify(assertion, keys, {
    algorithms: [...expect.algorithms],
    issuer: expect.clientId,
    subject: expect.clientId,
    audience: [...expect.audiences],
    clockTolerance: expect.clockSkewSeconds,
    currentDate: expect.now,
    requiredClaims: ['iss', 'sub', 'aud', 'exp', 'jti'],
  });
  if (protectedHeader.typ !== undefined && !ACCEPTED_TYP.test(protectedHeader.typ)) {
    throw new TypeError('client assertion typ is not a client authentication JWT');
  }
  const now = Math.floor(expect.now.getTime() / 1000);
  const { exp, iat, jti } = payload;
  if (typeof exp !== 'number') throw new TypeError('client assertion exp is missing');
  if (exp > now + expect.maxLifetimeSeconds + expect.clockSkewSeconds) {
    throw new TypeError('client assertion exp is too far ahead');
  }
  if (iat !== undefined && iat > now + expect.clockSkewSeconds) {
    throw new TypeError('client assertion iat is in the future');
  }
  if (typeof jti !== 'string' || jti === '' || jti.length > 1024) {
    throw new TypeError('client assertion jti must be a non-empty string');
  }
  return { jti, exp, payload };
}
