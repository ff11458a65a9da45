import { DEFAULTS } from '../config/defaults.js';
import type { OAuth2Response } from '../response/oauth2-response.js';
import type { SigningKeySet } from './signing-key-set.js';

/** Options of {@link jwksResponse}. */
export interface JwksResponseOptions {
  /** `Cache-Control: public, max-age=` this many seconds; default `DEFAULTS.jwksMaxAgeSeconds`. */
  maxAgeSeconds?: number;
}

/**
 * The body and headers of a JWKS endpoint (RFC 7517 5; OpenID Connect Discovery `jwks_uri`):
 * the public keys only, cacheable. Keep `maxAgeSeconds` shorter than the time a retired key
 * stays published, so clients refetch before the old key disappears. CORS is the endpoint's
 * to declare (`cors: true` on the registered endpoint), not this response's.
 *
 * @example
 * const { status, headers, body } = jwksResponse(keys); // 200, public, max-age=600
 */
export function jwksResponse(
  keys: SigningKeySet,
  options: JwksResponseOptions = {},
): OAuth2Response {
  const maxAge = options.maxAgeSeconds ?? DEFAULTS.jwksMaxAgeSeconds;
  if (!Number.isInteger(maxAge) || maxAge < 0)
    throw new TypeError('maxAgeSeconds must be a non-negative integer');
  return {
    status: 200,
    headers: {
      'Content-Type': 'application/jwk-set+json;charset=UTF-8',
      'Cache-Control': `public, max-age=${maxAge}`,
    },
    body: JSON.stringify(keys.jwks()),
  };
}
