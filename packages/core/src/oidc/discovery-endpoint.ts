import type { Endpoint } from '../endpoints/endpoint.js';
import { buildMetadata } from '../endpoints/metadata-endpoint.js';
import { MethodNotAllowedError } from '../errors/errors.js';
import type { OAuth2Response } from '../response/oauth2-response.js';

/** Where OpenID Connect Discovery 1.0 4 puts the provider configuration, below the issuer. */
export const OPENID_CONFIGURATION_PATH = '/.well-known/openid-configuration';

/**
 * The OpenID Provider configuration document (OpenID Connect Discovery 1.0 4): the same
 * document as the RFC 8414 metadata, assembled by `buildMetadata` from the registry (the
 * UserInfo endpoint adds the OpenID fields to both), served at
 * `<issuer>/.well-known/openid-configuration` and at the RFC 8414 3 place. GET or HEAD,
 * cacheable, readable from browsers.
 */
export function createDiscoveryEndpoint(): Endpoint {
  return {
    name: 'openid-configuration',
    wellKnown: OPENID_CONFIGURATION_PATH,
    methods: ['GET', 'HEAD'],
    cors: true,
    async handle(request, server): Promise<OAuth2Response> {
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        throw new MethodNotAllowedError(['GET', 'HEAD']);
      }
      return {
        status: 200,
        headers: {
          'Content-Type': 'application/json;charset=UTF-8',
          'Cache-Control': 'public, max-age=300',
        },
        body: JSON.stringify(buildMetadata(server)),
      };
    },
  };
}
