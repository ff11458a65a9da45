import type { JWK } from 'jose';

// The public members of each key type (RFC 7518 6.2.1, 6.3.1; RFC 8037 2), plus the
// members that describe the key. Anything not listed here is never copied: a new private
// member (or a typo'd one) cannot leak into a JWKS (SECURITY.md rule 35).
const PUBLIC_MEMBERS: Record<string, readonly string[]> = {
  RSA: ['kty', 'n', 'e'],
  EC: ['kty', 'crv', 'x', 'y'],
  OKP: ['kty', 'crv', 'x'],
};

/** The private members of RSA, EC, OKP and `oct` keys: none of them is ever published. */
export const PRIVATE_JWK_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'] as const;

/**
 * The public part of an asymmetric JWK, built from an allow-list of members, with `kid`,
 * `alg` and `use: "sig"` set.
 *
 * @example
 * publicJwk(privateJwk, { kid: 'k1', alg: 'ES256' }); // { kty, crv, x, y, kid, alg, use }
 */
export function publicJwk(jwk: JWK, { kid, alg }: { kid: string; alg: string }): JWK {
  const members = PUBLIC_MEMBERS[jwk.kty ?? ''];
  if (!members) throw new TypeError(`unsupported JWK key type "${jwk.kty}"`);
  const out: Record<string, unknown> = {};
  for (const m of members) {
    const v = (jwk as Record<string, unknown>)[m];
    if (v !== undefined) out[m] = v;
  }
  return { ...out, kid, alg, use: 'sig' } as JWK;
}
