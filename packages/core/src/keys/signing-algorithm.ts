/**
 * The JWS algorithms a {@link SigningKeySet} signs with (RFC 7518 3; RFC 8037 3.1 for
 * EdDSA over Ed25519). Never `none` and never an HMAC algorithm: every token the server
 * signs is checked with a published public key (SECURITY.md rule 34).
 */
export const SIGNING_ALGORITHMS = ['RS256', 'PS256', 'ES256', 'EdDSA'] as const;

/** One of {@link SIGNING_ALGORITHMS}. */
export type SigningAlgorithm = (typeof SIGNING_ALGORITHMS)[number];

/** Whether `alg` is one of {@link SIGNING_ALGORITHMS}. */
export function isSigningAlgorithm(alg: unknown): alg is SigningAlgorithm {
  return (SIGNING_ALGORITHMS as readonly unknown[]).includes(alg);
}
