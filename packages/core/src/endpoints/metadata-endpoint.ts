import { MethodNotAllowedError } from '../errors/errors.js';
import type { OAuth2Response } from '../response/oauth2-response.js';
import type { GrantContextServices } from '../server/server-internals.js';
import type { Endpoint } from './endpoint.js';

/** Where RFC 8414 3 puts the metadata document, below the issuer. */
export const METADATA_PATH = '/.well-known/oauth-authorization-server';

/**
 * Authorization server metadata (RFC 8414), generated from what is registered: grants,
 * response types, client authentication methods, PKCE methods and scopes.
 */
export function buildMetadata(server: GrantContextServices): Record<string, unknown> {
  const { config } = server;
  const authMethods = server.clientAuthMethods.map((m) => m.name);
  const responseTypes = [...server.responseTypes.keys()];
  const metadata: Record<string, unknown> = {
    issuer: config.issuer,
    authorization_endpoint: config.endpoints.authorization,
    token_endpoint: config.endpoints.token,
    revocation_endpoint: config.endpoints.revocation,
    introspection_endpoint: config.endpoints.introspection,
    response_types_supported: responseTypes,
    response_modes_supported: responseTypes.includes('token') ? ['query', 'fragment'] : ['query'],
    grant_types_supported: [
      ...server.grants.keys(),
      ...(responseTypes.includes('token') ? ['implicit'] : []),
    ],
    token_endpoint_auth_methods_supported: authMethods,
    revocation_endpoint_auth_methods_supported: authMethods,
    introspection_endpoint_auth_methods_supported: authMethods,
    code_challenge_methods_supported: config.pkceMethods,
    authorization_response_iss_parameter_supported: true,
  };
  if (config.scopesSupported) metadata.scopes_supported = [...config.scopesSupported];
  return metadata;
}

/** The metadata document endpoint: GET (or HEAD) only. */
export function createMetadataEndpoint(): Endpoint {
  return {
    name: 'metadata',
    async handle(request, server): Promise<OAuth2Response> {
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        throw new MethodNotAllowedError(['GET', 'HEAD']);
      }
      const metadata = buildMetadata(server);
      return {
        status: 200,
        headers: {
          'Content-Type': 'application/json;charset=UTF-8',
          'Cache-Control': 'public, max-age=300',
        },
        body: JSON.stringify(metadata),
      };
    },
  };
}
