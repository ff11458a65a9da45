import { rejectUnknownKeys } from '../config/server-config.js';
import type { ServerModule } from '../server/server-module.js';
import { createMemoryReplayStore } from '../stores/memory-replay-store.js';
import type { ReplayStore } from '../stores/replay-store.js';
import { DEFAULT_DPOP_ALGORITHMS, DPOP_ALGORITHMS, isDpopAlgorithm } from './dpop-algorithms.js';
import { createDpopAuthorizationExtension } from './dpop-authorization-extension.js';
import { createDpopGrantExtension } from './dpop-grant-extension.js';
import { createDpopNonces } from './dpop-nonces.js';
import { createDpopProofChecker, type DpopProofChecker } from './dpop-proof-checker.js';

/** Server-provided nonces (RFC 9449 8, 9): the `nonce` member of {@link DpopOptions}. */
export interface DpopNonceOptions {
  /**
   * The secret nonces are derived from (at least 32 characters): give every process of one
   * server the same. Default: a random one, for a single process.
   */
  secret?: string;
  /** How often the nonce changes, in seconds (10 to 3600, default 300); the one before stays valid. */
  lifetimeSeconds?: number;
}

/**
 * The `dpop` option of the authorization server: DPoP, sender-constrained tokens (RFC 9449).
 * Given, a token request with a `DPoP` proof gets tokens bound to the proof's key
 * (`token_type` `DPoP`, `cnf.jkt`), `dpop_jkt` binds codes, and the resource protectors
 * accept `Authorization: DPoP`. A request without a proof gets bearer tokens unless
 * `required` is set or the client registered `dpopBoundAccessTokens`.
 *
 * @example
 * const server = new AuthorizationServer({
 *   ...stores,
 *   config: { issuer: 'https://auth.example.com' },
 *   dpop: { replayStore: createRedisReplayStore(redis), nonce: { secret: process.env.DPOP_NONCE_SECRET } },
 * });
 */
export interface DpopOptions {
  /** Every token request must carry a proof (`invalid_dpop_proof` otherwise). Default `false`. */
  required?: boolean;
  /**
   * Accepted proof algorithms, published as `dpop_signing_alg_values_supported`; default
   * ES256, PS256, RS256, EdDSA, Ed25519. Asymmetric ones only (`DPOP_ALGORITHMS`).
   */
  algorithms?: string[];
  /** Server-provided nonces: `true` for the defaults. Default off. */
  nonce?: boolean | DpopNonceOptions;
  /** How old a proof's `iat` may be, in seconds (1 to 600, default 60). */
  proofMaxAgeSeconds?: number;
  /** Clock skew allowed on `iat`, in seconds (0 to 300, default 5). */
  clockSkewSeconds?: number;
  /**
   * Where proof `jti`s are used once (namespace `dpop`), shared by every server process:
   * `createRedisReplayStore`, `createPrismaReplayStore`, ... Default: an in-memory store, for
   * a single process.
   */
  replayStore?: ReplayStore;
}

const OPTION_KEYS = [
  'required',
  'algorithms',
  'nonce',
  'proofMaxAgeSeconds',
  'clockSkewSeconds',
  'replayStore',
] as const satisfies readonly (keyof DpopOptions)[];

/** A DPoP server module, with the proof checker its resource protectors share. */
export interface DpopModule extends ServerModule {
  readonly checker: DpopProofChecker;
}

/**
 * DPoP (RFC 9449) as a server module: the proof check and token binding on every grant, the
 * `dpop_jkt` authorization parameter, and `dpop_signing_alg_values_supported` in the
 * metadata. The server builds it from its `dpop` option; mistakes throw `TypeError` here.
 *
 * @example
 * const dpop = createDpop({ required: true, nonce: true });
 */
export function createDpop(options: DpopOptions): DpopModule {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError('dpop must be an options object ({} for the defaults)');
  }
  rejectUnknownKeys(options, OPTION_KEYS, 'dpop');
  if (options.required !== undefined && typeof options.required !== 'boolean') {
    throw new TypeError('dpop.required must be a boolean');
  }
  const algorithms = options.algorithms ?? [...DEFAULT_DPOP_ALGORITHMS];
  if (
    !Array.isArray(algorithms) ||
    algorithms.length === 0 ||
    algorithms.some((a) => !isDpopAlgorithm(a))
  ) {
    throw new TypeError(
      `dpop.algorithms must be a non-empty list of ${DPOP_ALGORITHMS.join(', ')} (never none or HMAC)`,
    );
  }
  const proofMaxAgeSeconds = whole('proofMaxAgeSeconds', options.proofMaxAgeSeconds ?? 60, 1, 600);
  const clockSkewSeconds = whole('clockSkewSeconds', options.clockSkewSeconds ?? 5, 0, 300);
  const replayStore = options.replayStore ?? createMemoryReplayStore();
  if (typeof replayStore?.useOnce !== 'function') {
    throw new TypeError('dpop.replayStore must be a ReplayStore');
  }
  const checker = createDpopProofChecker({
    algorithms: [...new Set(algorithms)],
    proofMaxAgeSeconds,
    clockSkewSeconds,
    replayStore,
    nonces: resolveNonces(options.nonce),
  });
  return {
    name: 'dpop',
    checker,
    grantExtensions: { '*': [createDpopGrantExtension(checker, options.required ?? false)] },
    authorizationExtensions: [createDpopAuthorizationExtension()],
    metadata: () => ({ dpop_signing_alg_values_supported: [...checker.algorithms] }),
  };
}

function resolveNonces(nonce: DpopOptions['nonce']) {
  if (nonce === undefined || nonce === false) return null;
  if (nonce === true) return createDpopNonces(null, 300);
  if (typeof nonce !== 'object' || nonce === null) {
    throw new TypeError('dpop.nonce must be a boolean or { secret, lifetimeSeconds }');
  }
  rejectUnknownKeys(nonce, ['secret', 'lifetimeSeconds'], 'dpop.nonce');
  if (
    nonce.secret !== undefined &&
    (typeof nonce.secret !== 'string' || nonce.secret.length < 32)
  ) {
    throw new TypeError('dpop.nonce.secret must be a string of at least 32 characters');
  }
  const lifetime = whole('nonce.lifetimeSeconds', nonce.lifetimeSeconds ?? 300, 10, 3600);
  return createDpopNonces(nonce.secret ?? null, lifetime);
}

function whole(name: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new TypeError(`dpop.${name} must be a whole number of seconds from ${min} to ${max}`);
  }
  return value;
}
