import { hash } from 'node:crypto';

/**
 * The digest under which stores keep tokens, codes and client secrets: hex SHA-256.
 * These values are 256-bit random strings, so a fast unsalted hash is enough: there is no
 * dictionary to attack, and lookups by digest stay a single indexed equality.
 */
export function digestToken(value: string): string {
  // One-shot `hash` (a string is hashed as UTF-8): about a quarter of the cost of a
  // `createHash` object, and every request hashes one or two values.
  return hash('sha256', value, 'hex');
}

/** Digest of a client secret; the same function, named for readability at call sites. */
export const digestSecret = digestToken;

/**
 * BASE64URL(SHA-256(ASCII(value))): a PKCE S256 challenge (RFC 7636 4.2) and a DPoP proof's
 * `ath` (RFC 9449 4.2).
 */
export function base64UrlSha256(value: string): string {
  return hash('sha256', Buffer.from(value, 'ascii'), 'base64url');
}
