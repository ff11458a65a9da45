import { decodeJwt, type JWTVerifyGetKey, errors as joseErrors } from 'jose';
import { DEFAULTS } from '../config/defaults.js';
import { digestToken } from '../crypto/digest.js';
import { InvalidClientError } from '../errors/errors.js';
import { createJwksFetcher, type JwksFetcher } from '../jwks-fetch/create-jwks-fetcher.js';
import { isSigningAlgorithm, SIGNING_ALGORITHMS } from '../keys/signing-algorithm.js';
import type { Client } from '../models/client.js';
import { callStore } from '../stores/call-store.js';
import type { ReplayStore } from '../stores/replay-store.js';
import type { ClientAuthContext, ClientAuthMethod } from './client-auth-method.js';
import { clientKeySet } from './client-key-set.js';
import { verifyClientAssertion } from './verify-client-assertion.js';

/** RFC 7523 2.2: the `client_assertion_type` of a JWT client assertion. */
export const JWT_BEARER_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/** The {@link ReplayStore} namespace of client assertion `jti`s. */
export const CLIENT_ASSERTION_NAMESPACE = 'client_assertion';

/** Options of {@link createPrivateKeyJwtMethod}. */
export interface PrivateKeyJwtOptions {
  /** Where each assertion's `jti` is used once (shared by every server process). */
  replayStore: ReplayStore;
  /**
   * Accepted JWS algorithms; default every one of `SIGNING_ALGORITHMS` (RS256, PS256, ES256,
   * EdDSA). `none` and HMAC algorithms are refused: a client's keys are public.
   */
  algorithms?: string[];
  /** Longest assertion lifetime in seconds; default `DEFAULTS.clientAssertionMaxLifetimeSeconds`. */
  maxLifetimeSeconds?: number;
  /** Clock skew in seconds; default `DEFAULTS.clientAssertionClockSkewSeconds`. */
  clockSkewSeconds?: number;
  /** Fetches clients' `jwks_uri`; default `createJwksFetcher()` with its guards. */
  jwksFetcher?: JwksFetcher;
}

/**
 * `private_key_jwt` (RFC 7523 2.2, 3; OpenID Connect Core 9): the client signs a JWT with
 * its private key and sends it as `client_assertion`. Register it with
 * `server.registerClientAuthMethod`; a client uses it when its `tokenEndpointAuthMethod` is
 * `private_key_jwt` and it registered `jwks` or `jwksUri`. Every failure is
 * `invalid_client`; a replay store failure is 503 (fail closed).
 *
 * @example
 * server.registerClientAuthMethod(
 *   createPrivateKeyJwtMethod({ replayStore: createRedisReplayStore({ redis }) }),
 * );
 */
export function createPrivateKeyJwtMethod(options: PrivateKeyJwtOptions): ClientAuthMethod {
  if (!options || typeof options.replayStore?.useOnce !== 'function') {
    throw new TypeError('createPrivateKeyJwtMethod needs a replayStore');
  }
  const algorithms = checkAlgorithms(options.algorithms ?? [...SIGNING_ALGORITHMS]);
  const maxLifetimeSeconds = seconds(
    'maxLifetimeSeconds',
    options.maxLifetimeSeconds ?? DEFAULTS.clientAssertionMaxLifetimeSeconds,
    1,
  );
  const clockSkewSeconds = seconds(
    'clockSkewSeconds',
    options.clockSkewSeconds ?? DEFAULTS.clientAssertionClockSkewSeconds,
    0,
  );
  const { replayStore } = options;
  const fetcher = options.jwksFetcher ?? createJwksFetcher();

  async function verify(
    client: Client,
    assertion: string,
    context: ClientAuthContext,
  ): Promise<boolean> {
    const registered = client.metadata.tokenEndpointAuthSigningAlg;
    // A client that registered one algorithm signs with it alone (RFC 7591 2).
    const allowed =
      registered === undefined ? algorithms : algorithms.filter((a) => a === registered);
    const keySet = clientKeySet(client, fetcher);
    if (allowed.length === 0 || !keySet) return false;
    const { config } = context;
    const expected = {
      clientId: client.clientId,
      audiences: [
        ...new Set(
          [config.issuer, context.endpointUrl, config.endpoints.token].filter(
            (a): a is string => typeof a === 'string',
          ),
        ),
      ],
      algorithms: allowed,
      maxLifetimeSeconds,
      clockSkewSeconds,
      now: context.services.now(),
    };
    const attempt = (keys: JWTVerifyGetKey) => verifyClientAssertion(assertion, keys, expected);
    let verified: Awaited<ReturnType<typeof verifyClientAssertion>>;
    try {
      verified = await attempt(await keySet.keys());
    } catch (e) {
      if (!(e instanceof joseErrors.JWKSNoMatchingKey)) return false;
      // An unknown kid: the client may have rotated its keys since they were cached.
      try {
        const fresh = await keySet.refreshed();
        if (!fresh) return false;
        verified = await attempt(fresh);
      } catch {
        return false;
      }
    }
    // Checked last, so that forged assertions never fill the store. The id is kept until
    // the assertion could no longer pass the exp check (RFC 7523 3, item 7).
    const id = digestToken(`${client.clientId}\u0000${verified.jti}`);
    const until = new Date((verified.exp + clockSkewSeconds) * 1000);
    return callStore(() => replayStore.useOnce(CLIENT_ASSERTION_NAMESPACE, id, until));
  }

  return {
    name: 'private_key_jwt',
    detect(request) {
      const type = request.form?.get('client_assertion_type');
      const assertion = request.form?.get('client_assertion');
      if (type === undefined && assertion === undefined) return 'absent';
      return type === JWT_BEARER_ASSERTION_TYPE && assertion ? 'present' : 'malformed';
    },
    credentials(request) {
      const assertion = request.form?.get('client_assertion') ?? '';
      let claims: ReturnType<typeof decodeJwt>;
      try {
        claims = decodeJwt(assertion);
      } catch {
        throw new InvalidClientError();
      }
      // RFC 7523 3: iss and sub are both the client id; the signature is checked in verify.
      if (typeof claims.sub !== 'string' || claims.sub === '' || claims.iss !== claims.sub) {
        throw new InvalidClientError();
      }
      return { clientId: claims.sub, assertion };
    },
    verify: (client, { assertion }, context) =>
      typeof assertion === 'string' ? verify(client, assertion, context) : false,
    metadata: (prefix) => ({ [`${prefix}_auth_signing_alg_values_supported`]: [...algorithms] }),
  };
}

function checkAlgorithms(list: unknown): string[] {
  if (!Array.isArray(list) || list.length === 0) {
    throw new TypeError('algorithms must be a non-empty list');
  }
  for (const alg of list) {
    if (!isSigningAlgorithm(alg)) {
      throw new TypeError(
        `algorithm "${String(alg)}" is not accepted for private_key_jwt (never none or HMAC); use ${SIGNING_ALGORITHMS.join(', ')}`,
      );
    }
  }
  return [...new Set(list as string[])];
}

function seconds(name: string, value: unknown, min: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > 3_600) {
    throw new TypeError(`${name} must be a whole number of seconds from ${min} to 3600`);
  }
  return value;
}
