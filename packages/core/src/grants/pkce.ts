import { constantTimeEqual } from '../crypto/constant-time-equal.js';
import { base64UrlSha256 } from '../crypto/digest.js';

// RFC 7636 4.1 and 4.2: 43-128 characters of the unreserved set.
const PKCE_VALUE = /^[A-Za-z0-9\-._~]{43,128}$/;

/** Whether a `code_challenge` (or `code_verifier`) has the RFC 7636 form. */
export function isValidPkceValue(value: string): boolean {
  return PKCE_VALUE.test(value);
}

/** The S256 challenge of a verifier: BASE64URL(SHA256(ASCII(verifier))) (RFC 7636 4.2). */
export function s256Challenge(verifier: string): string {
  return base64UrlSha256(verifier);
}

/**
 * Whether `verifier` matches the stored challenge (RFC 7636 4.6), compared in constant time.
 * An unknown method never matches.
 */
export function verifyCodeChallenge(verifier: string, challenge: string, method: string): boolean {
  if (!isValidPkceValue(verifier)) return false;
  if (method === 'S256') return constantTimeEqual(s256Challenge(verifier), challenge);
  if (method === 'plain') return constantTimeEqual(verifier, challenge);
  return false;
}
