import { createHmac, randomBytes } from 'node:crypto';
import { constantTimeEqual } from '../crypto/constant-time-equal.js';

/** Server-provided DPoP nonces (RFC 9449 8): see {@link createDpopNonces}. */
export interface DpopNonces {
  /** The nonce to send now in `DPoP-Nonce`. */
  current(): string;
  /** Whether a proof's `nonce` is the current one or the one before it. */
  isValid(nonce: string): boolean;
}

/**
 * Nonces that rotate every `lifetimeSeconds` without any storage: each is an HMAC of its
 * time window under `secret`, so every process sharing the secret issues and accepts the
 * same ones. A nonce is accepted during its own window and the next (between one and two
 * lifetimes). Without a secret (`null`) a random one is made: nonces of this process only.
 *
 * @example
 * const nonces = createDpopNonces(process.env.DPOP_NONCE_SECRET!, 300);
 */
export function createDpopNonces(
  secret: string | null,
  lifetimeSeconds: number,
  now: () => number = Date.now,
): DpopNonces {
  const key = secret === null ? randomBytes(32) : Buffer.from(secret, 'utf8');
  const nonceOf = (window: number) =>
    createHmac('sha256', key).update(`dpop-nonce:${window}`).digest('base64url');
  const window = () => Math.floor(now() / (lifetimeSeconds * 1000));
  return {
    current: () => nonceOf(window()),
    isValid(nonce) {
      if (typeof nonce !== 'string' || nonce.length > 128) return false;
      const w = window();
      // Both compared, whatever the first says: the time taken does not tell which matched.
      const current = constantTimeEqual(nonce, nonceOf(w));
      const previous = constantTimeEqual(nonce, nonceOf(w - 1));
      return current || previous;
    },
  };
}
