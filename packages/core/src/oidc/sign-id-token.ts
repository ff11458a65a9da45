import type { SigningAlgorithm } from '../keys/signing-algorithm.js';
import type { SigningKeySet } from '../keys/signing-key-set.js';
import { buildIdTokenClaims, type IdTokenClaimsInput } from './id-token-claims.js';

/**
 * Builds and signs an ID token with the key set (`typ: JWT`, `kid` of the signing key).
 * `alg` is the client's `id_token_signed_response_alg` when it registered one; the
 * `at_hash` / `c_hash` follow the algorithm actually used.
 *
 * @example
 * const idToken = await signIdToken(keys, {
 *   issuer, subject, clientId, issuedAt: now, expiresIn: DEFAULTS.idTokenExpiresIn,
 *   authTime, nonce, accessToken,
 * });
 */
export async function signIdToken(
  keys: SigningKeySet,
  input: IdTokenClaimsInput,
  alg?: SigningAlgorithm,
): Promise<string> {
  const key = keys.keyFor(alg);
  return keys.sign(buildIdTokenClaims(input, key.alg), { typ: 'JWT', alg: key.alg });
}
