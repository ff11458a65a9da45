import { generateId } from '../crypto/generate-token.js';
import { callStore } from '../stores/call-store.js';
import type { AuthorizationGrant } from './authorization-grant.js';

/**
 * The implicit grant, `response_type=token` (RFC 6749 4.2): off unless registered, since
 * RFC 9700 2.1.2 says it SHOULD NOT be used. The token travels in the fragment, never in a
 * query, and never with a refresh token (4.2.2).
 *
 * @example
 * server.registerGrant(createImplicitGrant());
 */
export function createImplicitGrant(): AuthorizationGrant {
  return {
    responseType: 'token',
    grantType: 'implicit',
    responseMode: 'fragment',
    repeatableParameters: ['resource'],
    async createAuthorizationResponse({ request, authorization, services }, user) {
      const { client, scope } = authorization;
      const token = await services.generateToken({
        client,
        grantType: 'implicit',
        user,
        scope,
        includeRefreshToken: false,
        resource: authorization.extensions.resource ?? [],
        extensions: authorization.extensions,
      });
      delete token.refreshToken;
      await callStore(() =>
        services.saveToken(token, {
          client,
          user,
          grantType: 'implicit',
          familyId: generateId(),
          issuedAt: services.now(),
          request,
          extensions: authorization.extensions,
        }),
      );
      services.events.emit('tokenIssued', { token, client, user, grantType: 'implicit' });
      const response: Record<string, string> = {
        access_token: token.accessToken,
        token_type: token.tokenType,
        expires_in: String(token.expiresIn),
      };
      if (scope !== '') response.scope = scope;
      return response;
    },
  };
}
