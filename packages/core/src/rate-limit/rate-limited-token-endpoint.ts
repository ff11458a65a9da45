import type { Endpoint } from '../endpoints/endpoint.js';
import { createTokenEndpoint } from '../endpoints/token-endpoint.js';
import { InvalidClientError, InvalidGrantError } from '../errors/errors.js';
import { OAuth2Error } from '../errors/oauth2-error.js';
import type { OAuth2Request } from '../request/oauth2-request.js';
import { callStore } from '../stores/call-store.js';
import type { RateLimiter, RateLimitKeys } from './rate-limiter.js';

/** The `rateLimit` option of the authorization server. */
export interface TokenRateLimitOptions {
  /** Where failures are counted: `createMemoryRateLimiter()` or a shared one (Redis). */
  limiter: RateLimiter;
  /**
   * The address of the client making the request, for the per-address limit. The core sees
   * no socket: take it from what your deployment trusts (the socket address, or a proxy's
   * header). Without it, only client ids and usernames are limited.
   */
  clientAddress?: (request: OAuth2Request) => string | undefined;
}

/**
 * The answer to a limited key: the same `429` whichever key (client id, username, address)
 * was limited and whatever the credentials were, so it tells nothing about which part failed
 * (SECURITY.md rule 31).
 */
export class RateLimitedError extends OAuth2Error {
  constructor(retryAfterSeconds: number) {
    super('temporarily_unavailable', 429, {
      description: 'temporarily_unavailable',
      headers: { 'retry-after': String(retryAfterSeconds) },
    });
  }
}

/**
 * The token endpoint with failed client authentications (per client id and address) and
 * failed password-grant attempts (per username and address) counted; a request with any
 * limited key is refused before its credentials are checked.
 */
export function createRateLimitedTokenEndpoint(options: TokenRateLimitOptions): Endpoint {
  const { limiter, clientAddress } = options;
  for (const method of ['isLimited', 'recordFailure', 'reset'] as const) {
    if (typeof limiter?.[method] !== 'function') {
      throw new TypeError(`rateLimit.limiter must be a RateLimiter (no ${method}())`);
    }
  }
  if (clientAddress !== undefined && typeof clientAddress !== 'function') {
    throw new TypeError('rateLimit.clientAddress must be a function');
  }
  const inner = createTokenEndpoint();
  return {
    ...inner,
    async handle(request, server) {
      const form = request.method === 'POST' ? request.form : null;
      const password = form?.get('grant_type') === 'password';
      const keys: RateLimitKeys = {
        clientId: form?.get('client_id') ?? basicClientId(request),
        username: password ? form?.get('username') : undefined,
        address: clientAddress?.(request),
      };
      if (await callStore(() => limiter.isLimited(keys))) {
        throw new RateLimitedError(limiter.retryAfterSeconds);
      }
      try {
        const response = await inner.handle(request, server);
        if (password) await callStore(() => limiter.reset({ username: keys.username }));
        return response;
      } catch (error) {
        if (error instanceof InvalidClientError) {
          await callStore(() =>
            limiter.recordFailure({ clientId: keys.clientId, address: keys.address }),
          );
        } else if (password && error instanceof InvalidGrantError) {
          await callStore(() =>
            limiter.recordFailure({ username: keys.username, address: keys.address }),
          );
        }
        throw error;
      }
    },
  };
}

/**
 * `endpoint` with its failed client authentications counted per client id and address, as at
 * the token endpoint (one limiter, so failures anywhere count together): a request with a
 * limited key is refused with the same 429 before its credentials are checked (SECURITY.md
 * rule 31). The server wraps the endpoints it registers itself (PAR) when given `rateLimit`.
 *
 * @example
 * server.registerEndpoint(
 *   withClientAuthRateLimit(createPushedAuthorizationEndpoint(), { limiter }),
 * );
 */
export function withClientAuthRateLimit(
  endpoint: Endpoint,
  options: TokenRateLimitOptions,
): Endpoint {
  const { limiter, clientAddress } = options;
  return {
    ...endpoint,
    async handle(request, server) {
      const keys: RateLimitKeys = {
        clientId:
          (request.method === 'POST' ? request.form?.get('client_id') : undefined) ??
          basicClientId(request),
        address: clientAddress?.(request),
      };
      if (await callStore(() => limiter.isLimited(keys))) {
        throw new RateLimitedError(limiter.retryAfterSeconds);
      }
      try {
        return await endpoint.handle(request, server);
      } catch (error) {
        if (error instanceof InvalidClientError) {
          await callStore(() => limiter.recordFailure(keys));
        }
        throw error;
      }
    },
  };
}

/** The client id of a `client_secret_basic` header, as sent (RFC 6749 2.3.1), if readable. */
function basicClientId(request: OAuth2Request): string | undefined {
  const header = request.headers.get('authorization');
  if (!header || !/^basic /i.test(header)) return undefined;
  try {
    const decoded = atob(header.slice(6).trim());
    const colon = decoded.indexOf(':');
    if (colon < 1) return undefined;
    return decodeURIComponent(decoded.slice(0, colon).replace(/\+/g, ' '));
  } catch {
    return undefined;
  }
}
