import { MethodNotAllowedError, ServerError } from '../errors/errors.js';
import { type JwksResponseOptions, jwksResponse } from '../keys/jwks-response.js';
import type { OAuth2Response } from '../response/oauth2-response.js';
import type { Endpoint } from './endpoint.js';

/**
 * The JWKS endpoint (RFC 7517 5; `jwks_uri` of RFC 8414 and OpenID Connect Discovery): the
 * public parts of the server's signing keys, GET or HEAD, cacheable, readable from browsers.
 * Registered by the server when it is given `signingKeys`.
 *
 * @example
 * server.registerEndpoint(createJwksEndpoint({ maxAgeSeconds: 300 }));
 */
export function createJwksEndpoint(options: JwksResponseOptions = {}): Endpoint {
  return {
    name: 'jwks',
    path: '/jwks',
    methods: ['GET', 'HEAD'],
    cors: true,
    metadataKey: 'jwks_uri',
    async handle(request, server): Promise<OAuth2Response> {
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        throw new MethodNotAllowedError(['GET', 'HEAD']);
      }
      const keys = server.services.signingKeys;
      if (!keys) throw new ServerError({ cause: new TypeError('no signingKeys configured') });
      return jwksResponse(keys, options);
    },
  };
}
