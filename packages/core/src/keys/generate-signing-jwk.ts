import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from 'jose';
import { publicJwk } from './public-jwk.js';
import {
  isSigningAlgorithm,
  SIGNING_ALGORITHMS,
  type SigningAlgorithm,
} from './signing-algorithm.js';

/** Options of {@link generateSigningJwk}. */
export interface GenerateSigningJwkOptions {
  /** The key id; default: the RFC 7638 thumbprint of the public key. */
  kid?: string;
  /** RSA modulus length in bits (RS256, PS256); default 2048, at least 2048. */
  modulusLength?: number;
}

/**
 * A new private signing JWK for `alg` (RS256, PS256, ES256 on P-256, EdDSA on Ed25519), with
 * `kid`, `alg` and `use: "sig"`: ready for {@link createSigningKeySet}. Keep it secret;
 * `createSigningKeySet(...).jwks()` gives the public part.
 *
 * @example
 * const jwk = await generateSigningJwk('ES256');
 */
export async function generateSigningJwk(
  alg: SigningAlgorithm,
  options: GenerateSigningJwkOptions = {},
): Promise<JWK> {
  if (!isSigningAlgorithm(alg)) {
    throw new TypeError(
      `unsupported signing alg "${String(alg)}"; use one of ${SIGNING_ALGORITHMS.join(', ')}`,
    );
  }
  if (options.kid !== undefined && (typeof options.kid !== 'string' || options.kid === '')) {
    throw new TypeError('kid must be a non-empty string');
  }
  const modulusLength = options.modulusLength ?? 2048;
  if (!Number.isInteger(modulusLength) || modulusLength < 2048) {
    throw new TypeError('modulusLength must be an integer of at least 2048');
  }
  const { privateKey } = await generateKeyPair(alg, {
    extractable: true,
    ...(alg === 'EdDSA' ? { crv: 'Ed25519' } : {}),
    ...(alg.startsWith('RS') || alg.startsWith('PS') ? { modulusLength } : {}),
  });
  const jwk = await exportJWK(privateKey);
  const kid =
    options.kid ?? (await calculateJwkThumbprint(publicJwk(jwk, { kid: '', alg }), 'sha256'));
  return { ...jwk, kid, alg, use: 'sig' };
}
