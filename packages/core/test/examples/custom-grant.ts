import {
  type AuthorizationServer,
  InvalidGrantError,
  InvalidRequestError,
  type TokenGrant,
  validateRequestedScope,
} from '@oauthkit/core';

/** Looks up the user an API key belongs to; `null` for an unknown key. */
export type FindKeyOwner = (apiKey: string) => Promise<string | null>;

/**
 * `urn:example:api-key`: a client trades a user's API key for a short-lived access token.
 * One grant per module, registered with the server; the token endpoint has already checked
 * the method, the body, repeated parameters and the client's authentication.
 */
export function createApiKeyGrant(findKeyOwner: FindKeyOwner): TokenGrant {
  return {
    grantType: 'urn:example:api-key',
    parameters: ['api_key', 'scope', 'resource'],
    repeatableParameters: ['resource'], // RFC 8707: every other repeat is invalid_request
    requiredStores: ['tokens'], // the server refuses to start without one
    async createTokenResponse({ request, params, client, services }) {
      const apiKey = params.get('api_key');
      if (apiKey === undefined) {
        throw new InvalidRequestError({
          description: 'missing_parameter',
          params: { name: 'api_key' },
        });
      }
      const userId = await findKeyOwner(apiKey);
      if (userId === null) throw new InvalidGrantError();
      const user = await services.queryUser(userId);
      if (!user) throw new InvalidGrantError();
      const scope = validateRequestedScope(params.get('scope'), client, services.config);
      const token = await services.generateToken({
        client,
        grantType: 'urn:example:api-key',
        user,
        scope,
        includeRefreshToken: false,
      });
      // saveToken and queryUser fail closed: a store failure answers 503, nothing issued.
      await services.saveToken(token, {
        client,
        user,
        grantType: 'urn:example:api-key',
        familyId: crypto.randomUUID(),
        issuedAt: services.now(),
        request,
      });
      // Typed fields beside the standard ones (RFC 6749 5.1 allows extension parameters).
      return {
        token,
        user,
        fields: { issued_token_type: 'urn:ietf:params:oauth:token-type:access_token' },
      };
    },
  };
}

/** Registers the grant on a server. */
export function withApiKeyGrant(server: AuthorizationServer, findKeyOwner: FindKeyOwner) {
  return server.registerGrant(createApiKeyGrant(findKeyOwner));
}
