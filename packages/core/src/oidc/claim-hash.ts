import { createHash } from 'node:crypto';

// JWS algorithm -> the hash of its signature (RFC 7518 3.1), and for EdDSA over Ed25519
// SHA-512 (the OpenID Foundation's errata to Core 3.1.3.6, as oidc-provider does).
const HASH_OF_ALG: Record<string, string> = {
  RS256: 'sha256',
  PS256: 'sha256',
  ES256: 'sha256',
  ES256K: 'sha256',
  RS384: 'sha384',
  PS384: 'sha384',
  ES384: 'sha384',
  RS512: 'sha512',
  PS512: 'sha512',
  ES512: 'sha512',
  EdDSA: 'sha512',
  Ed25519: 'sha512',
};

/**
 * The `at_hash` / `c_hash` (and `s_hash`) of `value` for an ID token signed with `alg`
 * (OpenID Connect Core 3.1.3.6, 3.3.2.11): the base64url of the left-most half of the hash
 * of the ASCII octets of `value`, the hash being the one of `alg`. Throws `TypeError` for
 * an algorithm without a defined hash (`none`, HMAC, Ed448).
 *
 * @example
 * claimHash(accessToken, 'ES256'); // left 16 bytes of SHA-256, base64url
 */
export function claimHash(value: string, alg: string): string {
  const hash = Object.hasOwn(HASH_OF_ALG, alg) ? HASH_OF_ALG[alg] : undefined;
  if (!hash) throw new TypeError(`no at_hash / c_hash is defined for alg "${alg}"`);
  const digest = createHash(hash).update(value, 'utf8').digest();
  return digest.subarray(0, digest.length / 2).toString('base64url');
}
