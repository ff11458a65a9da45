import {
  type CryptoKey,
  calculateJwkThumbprint,
  exportJWK,
  importJWK,
  importPKCS8,
  type JWK,
  jwtVerify,
  SignJWT,
} from 'jose';
import { publicJwk } from './public-jwk.js';
import {
  isSigningAlgorithm,
  SIGNING_ALGORITHMS,
  type SigningAlgorithm,
} from './signing-algorithm.js';

/** A private key in PEM (PKCS #8, `-----BEGIN PRIVATE KEY-----`) with the algorithm it signs with. */
export interface PemSigningKeyInput {
  pem: string;
  alg: SigningAlgorithm;
  kid?: string;
}

/** A signing key as configured: a private JWK, or a PKCS #8 PEM with its `alg`. */
export type SigningKeyInput = JWK | PemSigningKeyInput;

/** A signing key, imported and checked. */
export interface SigningKey {
  readonly kid: string;
  readonly alg: SigningAlgorithm;
  /** Non-extractable: the private key never leaves the key object. */
  readonly privateKey: CryptoKey;
  /** The public part only, with `kid`, `alg`, `use: "sig"`: what the JWKS publishes. */
  readonly publicJwk: JWK;
}

/** Smallest RSA modulus accepted, in bits (NIST SP 800-131A; RFC 7518 3.3: "2048 bits or larger"). */
const MIN_RSA_BITS = 2048;

/**
 * Imports one signing key and checks it. A caller mistake throws `TypeError`: a public key
 * only, a symmetric (`oct`) key, an algorithm outside {@link SIGNING_ALGORITHMS}, an `alg`
 * that does not fit the key type or curve, `use` other than `sig`, an RSA key under 2048
 * bits, or a private part that does not match the public part. A missing `kid` is the
 * RFC 7638 thumbprint of the public key.
 *
 * @example
 * const key = await importSigningKey({ pem: readFileSync('key.pem', 'utf8'), alg: 'ES256' });
 */
export async function importSigningKey(input: SigningKeyInput): Promise<SigningKey> {
  if (!input || typeof input !== 'object')
    throw new TypeError('a signing key must be a JWK object or { pem, alg }');
  const jwk =
    'pem' in input && typeof input.pem === 'string' ? await fromPem(input) : { ...(input as JWK) };
  return fromJwk(jwk);
}

async function fromPem({ pem, alg, kid }: PemSigningKeyInput): Promise<JWK> {
  if (/-----BEGIN (RSA |EC )?PUBLIC KEY-----|-----BEGIN CERTIFICATE-----/.test(pem)) {
    throw new TypeError('a signing key needs the private key; this PEM holds a public key only');
  }
  if (!isSigningAlgorithm(alg)) throw unsupportedAlg(alg);
  let key: CryptoKey;
  try {
    key = await importPKCS8(pem, alg, { extractable: true });
  } catch (e) {
    throw new TypeError(
      `the PEM signing key could not be imported for ${alg} (PKCS #8 "BEGIN PRIVATE KEY" expected)`,
      { cause: e },
    );
  }
  const jwk = await exportJWK(key);
  return { ...jwk, alg, ...(kid !== undefined ? { kid } : {}) };
}

async function fromJwk(jwk: JWK): Promise<SigningKey> {
  if (jwk.kty === 'oct') {
    throw new TypeError(
      'symmetric ("oct") keys cannot sign tokens others verify: use RSA, EC P-256 or Ed25519',
    );
  }
  if (jwk.kty !== 'RSA' && jwk.kty !== 'EC' && jwk.kty !== 'OKP') {
    throw new TypeError(`unsupported JWK key type "${String(jwk.kty)}"`);
  }
  if (typeof jwk.d !== 'string') {
    throw new TypeError('a signing key needs the private key; this JWK is a public key only');
  }
  if (jwk.use !== undefined && jwk.use !== 'sig')
    throw new TypeError(`a signing key must have use "sig", not "${jwk.use}"`);
  if (jwk.key_ops !== undefined && !jwk.key_ops.includes('sign')) {
    throw new TypeError('a signing key\'s key_ops must include "sign"');
  }
  if (jwk.kid !== undefined && (typeof jwk.kid !== 'string' || jwk.kid === '')) {
    throw new TypeError('kid must be a non-empty string');
  }
  const alg = jwk.alg ?? defaultAlg(jwk);
  if (!isSigningAlgorithm(alg)) throw unsupportedAlg(alg);
  checkAlgFitsKey(jwk, alg);
  if (jwk.kty === 'RSA' && Buffer.from(jwk.n ?? '', 'base64url').length * 8 < MIN_RSA_BITS) {
    throw new TypeError(`RSA signing keys must be at least ${MIN_RSA_BITS} bits`);
  }

  const pub = publicJwk(jwk, { kid: '', alg });
  const kid = jwk.kid ?? (await calculateJwkThumbprint(pub, 'sha256'));
  let privateKey: CryptoKey;
  try {
    const { key_ops: _ops, ext: _ext, ...rest } = jwk;
    privateKey = (await importJWK({ ...rest, alg }, alg, { extractable: false })) as CryptoKey;
  } catch (e) {
    throw new TypeError(`the signing key "${kid}" could not be imported for ${alg}`, { cause: e });
  }
  const key = { kid, alg, privateKey, publicJwk: { ...pub, kid } };
  await selfTest(key);
  return key;
}

function defaultAlg(jwk: JWK): string | undefined {
  if (jwk.kty === 'RSA') return 'RS256';
  if (jwk.kty === 'EC' && jwk.crv === 'P-256') return 'ES256';
  if (jwk.kty === 'OKP' && jwk.crv === 'Ed25519') return 'EdDSA';
  return undefined;
}

function checkAlgFitsKey(jwk: JWK, alg: SigningAlgorithm): void {
  const fits =
    alg === 'RS256' || alg === 'PS256'
      ? jwk.kty === 'RSA'
      : alg === 'ES256'
        ? jwk.kty === 'EC' && jwk.crv === 'P-256'
        : jwk.kty === 'OKP' && jwk.crv === 'Ed25519';
  if (!fits) {
    throw new TypeError(`alg ${alg} does not fit a ${jwk.kty}${jwk.crv ? ` ${jwk.crv}` : ''} key`);
  }
}

function unsupportedAlg(alg: unknown): TypeError {
  return new TypeError(
    `unsupported signing alg "${String(alg)}"; use one of ${SIGNING_ALGORITHMS.join(', ')}`,
  );
}

// A private part that does not belong to the public part would sign tokens nobody can
// verify: find out at start-up, not at the first login.
async function selfTest(key: SigningKey): Promise<void> {
  const token = await new SignJWT({}).setProtectedHeader({ alg: key.alg }).sign(key.privateKey);
  try {
    await jwtVerify(token, await importJWK(key.publicJwk, key.alg), { algorithms: [key.alg] });
  } catch (e) {
    throw new TypeError(`the private and public parts of signing key "${key.kid}" do not match`, {
      cause: e,
    });
  }
}
