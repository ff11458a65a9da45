import { generateId } from '../crypto/generate-token.js';
import { UnauthorizedClientError } from '../errors/errors.js';
import { callStore } from '../stores/call-store.js';
import type { TokenGrant } from './token-grant.js';
import { validateRequestedScope } from './validate-scope.js';

/**
 * `client_credentials` (RFC 6749 4.4): a confidential client asks for a token for itself.
 * No user, and never a refresh token (4.4.3).
 */
export function createClientCredentialsGrant(): TokenGrant {
  return {
    grantType: 'client_credentials',
    parameters: ['scope'],
    async createTokenResponse({ request, params, client, services }) {
      if (client.isPublic) {
        throw new UnauthorizedClientError({ description: 'confidential_client_required' });
      }
      const scope = validateRequestedScope(params.get('scope'), client, services.config);
      const token = services.generateToken({
        client,
        grantType: 'client_credentials',
        user: null,
        scope,
        includeRefreshToken: false,
      });
      const issuedAt = services.now();
      await callStore(() =>
        services.saveToken(token, {
          client,
          user: null,
          grantType: 'client_credentials',
          familyId: generateId(),
          issuedAt,
          request,
        }),
      );
      return { token, user: null };
    },
  };
}
