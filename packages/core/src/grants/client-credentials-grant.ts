import { generateId } from '../crypto/generate-token.js';
import { UnauthorizedClientError } from '../errors/errors.js';
import { requestedResources, scopeForResources } from '../resources/requested-resources.js';
import type { TokenGrant } from './token-grant.js';
import { validateRequestedScope } from './validate-scope.js';

/**
 * `client_credentials` (RFC 6749 4.4): a confidential client asks for a token for itself.
 * No user, and never a refresh token (4.4.3).
 */
export function createClientCredentialsGrant(): TokenGrant {
  return {
    grantType: 'client_credentials',
    parameters: ['scope', 'resource'],
    repeatableParameters: ['resource'],
    async createTokenResponse({ request, params, client, services }) {
      if (client.isPublic) {
        throw new UnauthorizedClientError({ description: 'confidential_client_required' });
      }
      // RFC 8707 2: the client names the resources directly.
      const resource = requestedResources(params, client, services.config);
      const scope = scopeForResources(
        validateRequestedScope(params.get('scope'), client, services.config),
        resource,
        services.config,
      );
      const extensions = resource.length === 0 ? {} : { resource };
      const token = await services.generateToken({
        client,
        grantType: 'client_credentials',
        user: null,
        scope,
        includeRefreshToken: false,
        resource,
        extensions,
      });
      const issuedAt = services.now();
      // The server's saveToken fails closed itself (a store failure is a 503).
      await services.saveToken(token, {
        client,
        user: null,
        grantType: 'client_credentials',
        familyId: generateId(),
        issuedAt,
        request,
        extensions,
      });
      return { token, user: null };
    },
  };
}
