import { digestToken } from '../crypto/digest.js';
import type { OAuth2Request } from '../request/oauth2-request.js';
import { callStore } from '../stores/call-store.js';
import type { ReplayStore } from '../stores/replay-store.js';
import { InvalidDpopProofError, UseDpopNonceError } from './dpop-errors.js';
import type { DpopNonces } from './dpop-nonces.js';
import {
  DpopProofRejection,
  type VerifiedDpopProof,
  verifyDpopProof,
} from './verify-dpop-proof.js';

/** The {@link ReplayStore} namespace of DPoP proof `jti`s. */
export const DPOP_NAMESPACE = 'dpop';

/** What a {@link DpopProofChecker} is built from (see `createDpopProofChecker`). */
export interface DpopProofCheckerSettings {
  algorithms: readonly string[];
  proofMaxAgeSeconds: number;
  clockSkewSeconds: number;
  replayStore: ReplayStore;
  /** `null` when the server provides no nonces. */
  nonces: DpopNonces | null;
  now?: () => Date;
}

/** What a request's proof is checked against besides the settings. */
export interface DpopTarget {
  /** The URIs `htu` may name (query and fragment ignored). */
  htu: readonly string[];
  /** The access token sent with the proof (resource requests), for `ath`. */
  accessToken?: string;
  /** 400 at the token endpoint, 401 at a resource (RFC 9449 7.1). */
  status: 400 | 401;
}

/**
 * Checks the `DPoP` header of requests (RFC 9449 4.3), for the token endpoint and for
 * protected resources alike: `verify` reads and checks the proof and its nonce, `useOnce`
 * spends its `jti` (call it last, so that a request refused for another reason leaves no
 * mark). Errors are `invalid_dpop_proof` and `use_dpop_nonce` (with the `DPoP-Nonce`
 * header); a replay store failure is 503.
 */
export interface DpopProofChecker {
  readonly algorithms: readonly string[];
  /** The nonce to send in `DPoP-Nonce` now; `null` when nonces are off. */
  currentNonce(): string | null;
  /** The request's verified proof; `null` when it has no `DPoP` header. */
  verify(
    request: Pick<OAuth2Request, 'headers' | 'method'>,
    target: DpopTarget,
  ): Promise<VerifiedDpopProof | null>;
  /** Spends the proof's `jti`: `invalid_dpop_proof` when it was used before. */
  useOnce(proof: VerifiedDpopProof, status: 400 | 401): Promise<void>;
}

const ONE_PROOF = /^[A-Za-z0-9_.-]+$/;

/**
 * A {@link DpopProofChecker} over `settings`. A server builds one from its `dpop` option; a
 * resource server apart from the authorization server builds its own for its
 * `ResourceProtector`.
 *
 * @example
 * const checker = createDpopProofChecker({
 *   algorithms: ['ES256'], proofMaxAgeSeconds: 60, clockSkewSeconds: 5,
 *   replayStore: createRedisReplayStore(redis), nonces: null,
 * });
 */
export function createDpopProofChecker(settings: DpopProofCheckerSettings): DpopProofChecker {
  const { algorithms, proofMaxAgeSeconds, clockSkewSeconds, replayStore, nonces } = settings;
  const now = settings.now ?? (() => new Date());
  const refuse = (status: 400 | 401, reason: string, cause?: unknown) =>
    new InvalidDpopProofError({ cause: cause ?? new Error(reason) }, status);
  return {
    algorithms,
    currentNonce: () => nonces?.current() ?? null,
    async verify(request, target) {
      const header = request.headers.get('dpop');
      if (header === null) return null;
      // RFC 9449 4.3 check 1: exactly one DPoP header (repeated ones arrive joined by ", ").
      if (!ONE_PROOF.test(header)) throw refuse(target.status, 'not exactly one DPoP header');
      let proof: VerifiedDpopProof;
      try {
        proof = await verifyDpopProof(header, {
          htm: request.method,
          htu: target.htu,
          algorithms,
          maxAgeSeconds: proofMaxAgeSeconds,
          clockSkewSeconds,
          now: now(),
          ...(target.accessToken !== undefined ? { accessToken: target.accessToken } : {}),
        });
      } catch (e) {
        if (e instanceof DpopProofRejection) throw refuse(target.status, e.reason, e);
        throw e;
      }
      // RFC 9449 4.3 check 10, 8: a nonce the server provided, else the one to use.
      if (nonces && (proof.nonce === undefined || !nonces.isValid(proof.nonce))) {
        throw new UseDpopNonceError({ headers: { 'DPoP-Nonce': nonces.current() } }, target.status);
      }
      return proof;
    },
    async useOnce(proof, status) {
      // Kept as long as the iat check could still pass; keyed by the URI it was made for, so
      // proofs for other URIs (and client assertions, another namespace) never collide.
      const until = new Date((proof.iat + proofMaxAgeSeconds + clockSkewSeconds + 1) * 1000);
      const id = digestToken(`${proof.htu}\u0000${proof.jti}`);
      const first = await callStore(() => replayStore.useOnce(DPOP_NAMESPACE, id, until));
      if (!first) throw refuse(status, 'jti already used');
    },
  };
}
