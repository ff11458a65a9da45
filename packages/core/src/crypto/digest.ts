import { createHash } from 'node:crypto';

/**
 * The digest under which stores keep tokens, codes and client secrets: hex SHA-256.
 * These values are 256-bit random strings, so a fast unsalted hash is enough: there is no
 * dictionary to attack, and lookups by digest stay a single indexed equality.
 */
export function digestToken(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}

/** Digest of a client secret; the same function, named for readability at call sites. */
export const digestSecret = digestToken;
