import {
  createLocalJWKSet,
  decodeJwt,
  type JSONWebKeySet,
  type JWTHeaderParameters,
  type JWTPayload,
  jwtVerify,
  SignJWT,
} from 'jose';
import { importSigningKey, type SigningKey, type SigningKeyInput } from './import-signing-key.js';
import { isSigningAlgorithm, type SigningAlgorithm } from './signing-algorithm.js';

/** Options of {@link createSigningKeySet}. */
export interface SigningKeySetOptions {
  /** The `kid` of the key that signs; default: the first key of the list. */
  signingKid?: string;
}

/** Options of {@link SigningKeySet.sign}. */
export interface SignJwtOptions {
  /** The `typ` header: `JWT` for ID tokens, `at+jwt` for RFC 9068 access tokens, ... */
  typ: string;
  /** Sign with this algorithm (a client's `id_token_signed_response_alg`); default: the signing key's. */
  alg?: SigningAlgorithm;
}

/** Options of {@link SigningKeySet.verify}. */
export interface VerifyJwtOptions {
  /** The `typ` the token must carry (compared as RFC 8725 3.11 says, `application/` prefix optional). */
  typ: string;
  /** Accepted algorithms; default: those of the set. Never wider than the set's. */
  algorithms?: readonly SigningAlgorithm[];
  issuer?: string;
  audience?: string | string[];
  /** Seconds of clock skew tolerated on `exp` / `nbf`; default 0. */
  clockToleranceSeconds?: number;
  /**
   * Accept an expired token (an `id_token_hint` "need not be unexpired": OpenID Connect Core
   * 3.1.2.1). The signature, `typ`, `iss` and `aud` are still checked.
   */
  allowExpired?: boolean;
}

/** A token the set verified. */
export interface VerifiedJwt {
  payload: JWTPayload;
  header: JWTHeaderParameters;
}

/** Which key signs for an algorithm. */
export interface SigningKeyInfo {
  readonly kid: string;
  readonly alg: SigningAlgorithm;
}

/**
 * The server's signing keys, shared by ID tokens, JWT access tokens and JWT introspection
 * responses. All keys are published (so tokens signed before a rotation still verify);
 * one signs.
 */
export interface SigningKeySet {
  /** Every key, in the configured order. */
  readonly keys: readonly SigningKeyInfo[];
  /** The algorithms the set can sign with, distinct (for `*_signing_alg_values_supported`). */
  readonly algorithms: readonly SigningAlgorithm[];
  /**
   * The key that signs for `alg`: the signing key when it has that algorithm, else the first
   * key of the list that has it. Throws `TypeError` when no key signs with `alg`.
   */
  keyFor(alg?: SigningAlgorithm): SigningKeyInfo;
  /** Signs `payload` as a JWS with `alg`, `kid` and `typ` in the protected header. */
  sign(payload: JWTPayload, options: SignJwtOptions): Promise<string>;
  /**
   * Verifies a token this server issued against the published keys: algorithm allow-list
   * (never `none`, never HMAC), `typ`, and `exp` / `nbf` / `iss` / `aud` when asked.
   * Rejects with a `jose` error whose `code` says why (`ERR_JWT_EXPIRED`,
   * `ERR_JOSE_ALG_NOT_ALLOWED`, `ERR_JWT_CLAIM_VALIDATION_FAILED`, ...): the caller turns it
   * into its endpoint's protocol error.
   */
  verify(token: string, options: VerifyJwtOptions): Promise<VerifiedJwt>;
  /** The public JWKS (RFC 7517 5): public members, `kid`, `alg`, `use` only. A fresh copy. */
  jwks(): JSONWebKeySet;
}

/**
 * Builds the signing key set from private JWKs or PKCS #8 PEMs. List the newest key first
 * (as oidc-provider's `jwks`): it signs unless `signingKid` names another; every key is
 * published. Every mistake throws `TypeError` here, at start-up: no key, a duplicate `kid`,
 * an unknown `signingKid`, and each key's own mistakes (see {@link importSigningKey}).
 *
 * @example
 * const keys = await createSigningKeySet([newJwk, previousJwk]);
 * const jwt = await keys.sign({ iss, sub, aud, iat, exp }, { typ: 'JWT' });
 * const { payload } = await keys.verify(jwt, { typ: 'JWT', issuer: iss });
 */
export async function createSigningKeySet(
  inputs: readonly SigningKeyInput[],
  options: SigningKeySetOptions = {},
): Promise<SigningKeySet> {
  if (!Array.isArray(inputs) || inputs.length === 0) {
    throw new TypeError('the signing key set needs at least one private key');
  }
  const keys: SigningKey[] = [];
  for (const input of inputs) {
    const key = await importSigningKey(input);
    if (keys.some((k) => k.kid === key.kid))
      throw new TypeError(`duplicate signing key kid "${key.kid}"`);
    keys.push(key);
  }
  const signing =
    options.signingKid === undefined ? keys[0]! : keys.find((k) => k.kid === options.signingKid);
  if (!signing) throw new TypeError(`signingKid "${options.signingKid}" is not a key of the set`);

  const publicJwks = keys.map((k) => k.publicJwk);
  const localJwks = createLocalJWKSet({ keys: publicJwks.map((k) => ({ ...k })) });
  const algorithms = [...new Set(keys.map((k) => k.alg))];
  const info = (k: SigningKey): SigningKeyInfo => ({ kid: k.kid, alg: k.alg });

  const select = (alg?: SigningAlgorithm): SigningKey => {
    if (alg === undefined || signing.alg === alg) return signing;
    const key = keys.find((k) => k.alg === alg);
    if (!key) throw new TypeError(`no signing key for alg "${alg}"`);
    return key;
  };

  const set: SigningKeySet = {
    keys: keys.map(info),
    algorithms,
    keyFor: (alg) => info(select(alg)),
    async sign(payload, { typ, alg }) {
      if (typeof typ !== 'string' || typ === '') throw new TypeError('sign needs a typ');
      const key = select(alg);
      return new SignJWT(payload)
        .setProtectedHeader({ alg: key.alg, kid: key.kid, typ })
        .sign(key.privateKey);
    },
    async verify(token, opts) {
      if (typeof opts?.typ !== 'string' || opts.typ === '')
        throw new TypeError('verify needs a typ');
      const allowed = (opts.algorithms ?? algorithms).filter(
        (a) => isSigningAlgorithm(a) && algorithms.includes(a),
      );
      const tolerance = opts.clockToleranceSeconds ?? 0;
      const { payload, protectedHeader } = await jwtVerify(token, localJwks, {
        algorithms: allowed,
        typ: opts.typ,
        ...(opts.issuer !== undefined ? { issuer: opts.issuer } : {}),
        ...(opts.audience !== undefined ? { audience: opts.audience } : {}),
        clockTolerance: tolerance,
        ...(opts.allowExpired ? { currentDate: clockBeforeExpiry(token) } : {}),
      });
      return { payload, header: protectedHeader };
    },
    jwks: () => ({ keys: publicJwks.map((k) => ({ ...k })) }),
  };
  made.add(set);
  return set;
}

const made = new WeakSet<object>();

/**
 * Whether `value` is a key set {@link createSigningKeySet} made (the server refuses anything
 * else at start-up: a hand-rolled object could sign with keys it never publishes).
 */
export function isSigningKeySet(value: unknown): value is SigningKeySet {
  return typeof value === 'object' && value !== null && made.has(value);
}

// For a token that may be expired, check the other claims as of just before it expired.
// The unverified `exp` only moves the clock: the signature is verified all the same.
function clockBeforeExpiry(token: string): Date {
  let exp: unknown;
  try {
    exp = decodeJwt(token).exp;
  } catch {
    return new Date();
  }
  const now = Date.now();
  return typeof exp === 'number' && Number.isFinite(exp) && exp * 1000 <= now
    ? new Date((exp - 1) * 1000)
    : new Date(now);
}
