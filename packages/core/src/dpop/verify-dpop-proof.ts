import {
  calculateJwkThumbprint,
  decodeProtectedHeader,
  EmbeddedJWK,
  type JWK,
  type JWTPayload,
  jwtVerify,
} from 'jose';
import { constantTimeEqual } from '../crypto/constant-time-equal.js';
import { base64UrlSha256 } from '../crypto/digest.js';

/** What {@link verifyDpopProof} checks a proof against. */
export interface DpopProofExpectations {
  /** The request's method (`htm`). */
  htm: string;
  /** The URIs the proof's `htu` may name, without query and fragment (RFC 9449 4.3 check 9). */
  htu: readonly string[];
  /** Accepted JWS algorithms: asymmetric ones only. */
  algorithms: readonly string[];
  /** How old `iat` may be, in seconds. */
  maxAgeSeconds: number;
  /** How far `iat` may be ahead, and the old limit stretched, in seconds. */
  clockSkewSeconds: number;
  now: Date;
  /** The access token presented with the proof (resource requests): `ath` must be its hash. */
  accessToken?: string;
}

/** A proof that passed {@link verifyDpopProof}. */
export interface VerifiedDpopProof {
  /** The JWK SHA-256 thumbprint (RFC 7638) of the proof's key. */
  jkt: string;
  jti: string;
  /** Seconds since the epoch. */
  iat: number;
  /** The `htu` claim without query and fragment, as matched. */
  htu: string;
  nonce: string | undefined;
  payload: JWTPayload;
}

/** Why a proof was refused: a fixed reason, never text from the proof. */
export class DpopProofRejection extends Error {
  constructor(readonly reason: string) {
    super(`DPoP proof refused: ${reason}`);
    this.name = 'DpopProofRejection';
  }
}

const JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
/** Members of a private (or symmetric) JWK (RFC 7518 6.2.2, 6.3.2, 6.4; RFC 8037 2). */
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];
const MAX_PROOF_LENGTH = 8_192;

/**
 * Checks a DPoP proof (RFC 9449 4.3, checks 2 to 9, 11 and 12): one well-formed JWS whose
 * header has `typ` `dpop+jwt`, an allowed asymmetric `alg` and a public `jwk` that verifies
 * its signature; `jti`, `htm`, `htu` and `iat` claims; `htm` equal to the request's method,
 * `htu` naming one of the expected URIs (query and fragment ignored), `iat` within the
 * window, and `ath` the hash of the access token when one is presented. Everything through
 * `jose`. Rejects with a {@link DpopProofRejection}. The nonce (check 10) and the single use
 * of `jti` are the caller's.
 */
export async function verifyDpopProof(
  proof: string,
  expect: DpopProofExpectations,
): Promise<VerifiedDpopProof> {
  if (proof.length > MAX_PROOF_LENGTH || !JWS.test(proof)) {
    throw new DpopProofRejection('not a JWS');
  }
  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    header = decodeProtectedHeader(proof);
  } catch {
    throw new DpopProofRejection('malformed header');
  }
  if (header.typ !== 'dpop+jwt') throw new DpopProofRejection('typ is not dpop+jwt');
  if (typeof header.alg !== 'string' || !expect.algorithms.includes(header.alg)) {
    throw new DpopProofRejection('alg not allowed');
  }
  const jwk = header.jwk as JWK | undefined;
  if (typeof jwk !== 'object' || jwk === null || Array.isArray(jwk)) {
    throw new DpopProofRejection('no jwk');
  }
  // RFC 9449 4.3 check 7: the key must be public. jose refuses to verify with a private
  // key too; this says why.
  if (jwk.kty === 'oct' || PRIVATE_MEMBERS.some((m) => m in jwk)) {
    throw new DpopProofRejection('jwk holds private key material');
  }
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(proof, EmbeddedJWK, {
      algorithms: [...expect.algorithms],
      typ: 'dpop+jwt',
      currentDate: expect.now,
      clockTolerance: expect.clockSkewSeconds,
      requiredClaims: ['jti', 'htm', 'htu', 'iat'],
    }));
  } catch {
    throw new DpopProofRejection('signature or claims invalid');
  }
  const { jti, htm, htu, iat, nonce, ath } = payload as JWTPayload & Record<string, unknown>;
  if (typeof jti !== 'string' || jti === '' || jti.length > 512) {
    throw new DpopProofRejection('jti invalid');
  }
  if (htm !== expect.htm) throw new DpopProofRejection('htm mismatch');
  const target = typeof htu === 'string' ? withoutQuery(htu) : null;
  if (target === null || !expect.htu.some((u) => withoutQuery(u) === target)) {
    throw new DpopProofRejection('htu mismatch');
  }
  const now = Math.floor(expect.now.getTime() / 1000);
  if (typeof iat !== 'number' || !Number.isFinite(iat)) throw new DpopProofRejection('iat invalid');
  if (iat > now + expect.clockSkewSeconds) throw new DpopProofRejection('iat in the future');
  if (iat < now - expect.maxAgeSeconds - expect.clockSkewSeconds) {
    throw new DpopProofRejection('iat too old');
  }
  if (nonce !== undefined && (typeof nonce !== 'string' || nonce === '')) {
    throw new DpopProofRejection('nonce invalid');
  }
  if (expect.accessToken !== undefined) {
    if (typeof ath !== 'string' || !constantTimeEqual(ath, base64UrlSha256(expect.accessToken))) {
      throw new DpopProofRejection('ath mismatch');
    }
  }
  return {
    jkt: await calculateJwkThumbprint(jwk, 'sha256'),
    jti,
    iat,
    htu: target,
    nonce,
    payload,
  };
}

/** `uri` without query and fragment, normalised as the WHATWG URL parser does; `null` if not http(s). */
function withoutQuery(uri: string): string | null {
  if (!URL.canParse(uri)) return null;
  const url = new URL(uri);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  url.search = '';
  url.hash = '';
  return url.href;
}
