import { hash, timingSafeEqual } from 'node:crypto';

/**
 * Compares two strings in time that does not depend on where they differ. Both sides are
 * hashed first so that the lengths are equal and a length mismatch leaks nothing.
 */
export function constantTimeEqual(a: string, b: string): boolean {
  const ha = hash('sha256', a, 'buffer');
  const hb = hash('sha256', b, 'buffer');
  return timingSafeEqual(ha, hb);
}

/**
 * Two hex SHA-256 digests of secrets (client secrets, registration access tokens, initial
 * access tokens) compared in constant time (SECURITY.md 21). Named `...Secret` so that the
 * source invariant test catches a `===` on them.
 */
export function digestsEqual(presentedSecret: string, storedSecret: string): boolean {
  const presented = Buffer.from(presentedSecret, 'latin1');
  const stored = Buffer.from(storedSecret, 'latin1');
  return presented.length === stored.length && timingSafeEqual(presented, stored);
}
