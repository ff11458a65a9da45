import { SIGNING_ALGORITHMS } from '../keys/signing-algorithm.js';
import type { GrantContextServices } from '../server/server-internals.js';
import type { ClientRegistrationOptions } from './registration-options.js';
import type { ClientMetadataRules } from './validate-client-metadata.js';

/**
 * What a registered client may ask for on this server, read from the registries at request
 * time (a grant or method registered later is picked up): the grant and response types
 * served, the token endpoint's authentication methods, the allowed scopes.
 */
export function registrationRules(
  server: GrantContextServices,
  options: ClientRegistrationOptions,
): ClientMetadataRules {
  const grantTypes = new Set(server.grants.keys());
  const responseTypes = new Set(server.responseTypes.keys());
  for (const grant of server.responseTypes.values()) {
    if (grant.grantType === 'implicit') grantTypes.add('implicit');
  }
  const tokenMethods = server.clientAuthMethodsFor('token').map((m) => m.name);
  const allowedMethods = options.tokenEndpointAuthMethods;
  const scopes = options.scopes ?? server.config.scopesSupported;
  return {
    grantTypes,
    responseTypes,
    authMethods: new Set(
      allowedMethods ? tokenMethods.filter((m) => allowedMethods.includes(m)) : tokenMethods,
    ),
    scopes: scopes ? new Set(scopes) : null,
    defaultScope: options.defaultScope ?? '',
    signingAlgorithms: new Set(SIGNING_ALGORITHMS),
  };
}

/** Whether a client registering with this method gets a client secret. */
export function usesClientSecret(method: string): boolean {
  return method === 'client_secret_basic' || method === 'client_secret_post';
}
