import { MethodNotAllowedError } from '../errors/errors.js';
import type { OAuth2Response } from '../response/oauth2-response.js';
import type { GrantContextServices } from '../server/server-internals.js';
import type { Endpoint } from './endpoint.js';

/** Where RFC 8414 3 puts the metadata document, below the issuer. */
export const METADATA_PATH = '/.well-known/oauth-authorization-server';

/**
 * Authorization server metadata (RFC 8414), assembled from what is registered: response
 * types, grants and PKCE methods, then every endpoint with a `metadataKey` (its URL and, for
 * endpoints that authenticate clients, the methods they accept and what those methods add),
 * then each endpoint's own fields.
 */
export function buildMetadata(server: GrantContextServices): Record<string, unknown> {
  const { config } = server;
  const responseTypes = [...server.responseTypes.keys()];
  const metadata: Record<string, unknown> = {
    issuer: config.issuer,
    authorization_endpoint: config.endpoints.authorization,
  };
  for (const [name, endpoint] of server.endpoints) {
    const key = endpoint.metadataKey;
    if (key === undefined) continue;
    const url = server.endpointUrl(name);
    if (url !== null) metadata[key] = url;
    if (!endpoint.clientAuth) continue;
    const methods = server.clientAuthMethodsFor(name);
    metadata[`${key}_auth_methods_supported`] = methods.map((m) => m.name);
    for (const method of methods) Object.assign(metadata, method.metadata?.(key, config));
  }
  const authorizationGrants = [...server.responseTypes.values()];
  const implicit = authorizationGrants.some((g) => g.grantType === 'implicit');
  Object.assign(metadata, {
    response_types_supported: responseTypes,
    response_modes_supported: authorizationGrants.some((g) => g.responseMode === 'fragment')
      ? ['query', 'fragment']
      : ['query'],
    grant_types_supported: [...server.grants.keys(), ...(implicit ? ['implicit'] : [])],
    code_challenge_methods_supported: config.pkceMethods,
    authorization_response_iss_parameter_supported: true,
  });
  if (config.scopesSupported) metadata.scopes_supported = [...config.scopesSupported];
  for (const endpoint of server.endpoints.values()) {
    Object.assign(metadata, endpoint.metadata?.(server));
  }
  for (const module of server.modules) Object.assign(metadata, module.metadata?.(server));
  return metadata;
}

/** The metadata document endpoint: GET (or HEAD) only, cacheable, CORS for browser clients. */
export function createMetadataEndpoint(): Endpoint {
  return {
    name: 'metadata',
    wellKnown: METADATA_PATH,
    methods: ['GET', 'HEAD'],
    cors: true,
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
