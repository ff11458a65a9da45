import { InvalidScopeError } from '../errors/errors.js';
import type { AuthorizationGrant } from '../grants/authorization-grant.js';
import { createCodeResponseType } from '../grants/code-response-type.js';
import { createImplicitGrant } from '../grants/implicit-grant.js';
import { scopeToList } from '../models/scope.js';
import type { ResolvedOpenIdConnectOptions } from './create-open-id-connect.js';
import { issueIdToken } from './issue-id-token.js';

/**
 * The implicit flow of OpenID Connect Core 3.2: `response_type=id_token` (an ID token only,
 * with the claims of the granted scopes, Core 5.4) or `id_token token` (with an access token
 * bound by `at_hash`); and the hybrid flow's `code id_token` (3.3: a code, PKCE and all, and
 * an ID token bound to it by `c_hash`; the token endpoint then issues the tokens). Answered in
 * the fragment, never with a refresh token; `nonce` is required (checked with the other
 * authentication parameters). Off unless `openid.implicit`.
 */
export function createIdTokenResponseType(
  options: ResolvedOpenIdConnectOptions,
  responseType: 'id_token' | 'id_token token' | 'code id_token',
): AuthorizationGrant {
  const tokenSide = responseType === 'id_token token' ? createImplicitGrant() : null;
  const codeSide = responseType === 'code id_token' ? createCodeResponseType() : null;
  return {
    responseType,
    // Tokens in the front channel: the client must be registered for implicit (and, for the
    // code, for authorization_code, which the token endpoint checks).
    grantType: 'implicit',
    responseMode: 'fragment',
    ...(codeSide ? { requiredStores: codeSide.requiredStores } : {}),
    validateAuthorizationRequest(context) {
      // An ID token is the point of these response types: no openid, no response (Core 3.2.2.1).
      if (!scopeToList(context.authorization.scope).includes('openid')) {
        throw new InvalidScopeError();
      }
      codeSide?.validateAuthorizationRequest?.(context);
    },
    async createAuthorizationResponse(context, user) {
      const { authorization, services } = context;
      const { client, scope } = authorization;
      const response: Record<string, string> = codeSide
        ? await codeSide.createAuthorizationResponse(context, user)
        : {};
      // The access token of `id_token token` is the implicit grant's, fields and all.
      if (tokenSide)
        Object.assign(response, await tokenSide.createAuthorizationResponse(context, user));
      response.id_token = await issueIdToken(options, {
        client,
        user,
        services,
        scopes: scopeToList(scope),
        extensions: authorization.extensions,
        nonce: authorization.nonce ?? undefined,
        ...(response.access_token !== undefined ? { accessToken: response.access_token } : {}),
        ...(response.code !== undefined ? { code: response.code } : {}),
        // Without an access token there is no UserInfo call: the scope claims go in the ID token.
        scopeClaimsInIdToken: !tokenSide && !codeSide,
      });
      return response;
    },
  };
}
