import { createHash, randomUUID } from 'node:crypto';
import {
  calculateJwkThumbprint,
  exportJWK,
  generateKeyPair,
  type JWK,
  type JWTPayload,
  SignJWT,
} from 'jose';

/** What {@link DpopProofSigner.proof} may set or override in one proof. */
export interface DpopProofOptions {
  /** The access token the proof goes with: sets `ath` (RFC 9449 4.2). */
  accessToken?: string;
  /** The server-provided nonce. */
  nonce?: string;
  /** `iat`, in seconds since the epoch; default now. */
  iat?: number;
  /** Default a random UUID. */
  jti?: string;
  /** More claims, or replacements of the ones above. */
  claims?: JWTPayload;
  /** Header parameters replacing the defaults (`typ`, `jwk`, ...). */
  header?: Record<string, unknown>;
}

/** A client's DPoP key and a way to make proofs with it: see {@link createDpopProofSigner}. */
export interface DpopProofSigner {
  /** The key's JWK SHA-256 thumbprint: the `dpop_jkt` and `cnf.jkt` of what it binds. */
  readonly jkt: string;
  readonly publicJwk: JWK;
  /** The private key, for tests that need to misuse it. */
  readonly privateJwk: JWK;
  readonly alg: string;
  /** A DPoP proof JWT for a request with method `htm` to `htu`. */
  proof(htm: string, htu: string, options?: DpopProofOptions): Promise<string>;
}

/**
 * The client side of DPoP, for tests and examples: a fresh key pair (`alg`, default ES256)
 * that signs proofs (RFC 9449 4.2) through `jose`. Real clients use their OAuth library's
 * DPoP support (oauth4webapi's `DPoP(client, keyPair)`).
 *
 * @example
 * const signer = await createDpopProofSigner();
 * const dpop = await signer.proof('POST', 'https://as.example/token');
 */
export async function createDpopProofSigner(alg = 'ES256'): Promise<DpopProofSigner> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const publicJwk = await exportJWK(publicKey);
  const privateJwk = await exportJWK(privateKey);
  return {
    jkt: await calculateJwkThumbprint(publicJwk, 'sha256'),
    publicJwk,
    privateJwk,
    alg,
    proof(htm, htu, options = {}) {
      const claims: JWTPayload = {
        jti: options.jti ?? randomUUID(),
        htm,
        htu,
        iat: options.iat ?? Math.floor(Date.now() / 1000),
      };
      if (options.accessToken !== undefined) {
        claims.ath = createHash('sha256').update(options.accessToken).digest('base64url');
      }
      if (options.nonce !== undefined) claims.nonce = options.nonce;
      return new SignJWT({ ...claims, ...options.claims })
        .setProtectedHeader({ alg, typ: 'dpop+jwt', jwk: publicJwk, ...options.header })
        .sign(privateKey);
    },
  };
}
