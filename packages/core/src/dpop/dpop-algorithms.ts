/**
 * The JWS algorithms a DPoP proof may be signed with (RFC 9449 4.3 check 5): asymmetric
 * ones only, never `none` or HMAC. `Ed25519` is the fully specified name of `EdDSA` over
 * Ed25519 (RFC 9864).
 */
export const DPOP_ALGORITHMS = [
  'ES256',
  'ES384',
  'ES512',
  'PS256',
  'PS384',
  'PS512',
  'RS256',
  'RS384',
  'RS512',
  'EdDSA',
  'Ed25519',
] as const;

/** The algorithms accepted when the `dpop` option names none. */
export const DEFAULT_DPOP_ALGORITHMS: readonly string[] = [
  'ES256',
  'PS256',
  'RS256',
  'EdDSA',
  'Ed25519',
];

/** Whether `alg` is one of {@link DPOP_ALGORITHMS}. */
export function isDpopAlgorithm(alg: unknown): boolean {
  return (DPOP_ALGORITHMS as readonly unknown[]).includes(alg);
}
