import { generateId } from '../crypto/generate-token.js';
import { InvalidScopeError } from '../errors/errors.js';
import type { AuthorizationGrant } from '../grants/authorization-grant.js';
import { createCodeResponseType } from '../grants/code-response-type.js';
import { isSigningAlgorithm } from '../keys/signing-algorithm.js';
import { scopeToList } from '../models/scope.js';
import { callStore } from '../stores/call-store.js';
import type { ResolvedOpenIdConnectOptions } from './create-open-id-connect.js';
import { findReleasedClaims } from './find-released-claims.js';
import { signIdToken } from './sign-id-token.js';
import { subjectForClient } from './subject-for-client.js';

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
  const withToken = responseType === 'id_token token';
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
      const { request, authorization, services } = context;
      const { client, scope } = authorization;
      const keys = services.signingKeys!; // checked when the server started
      const response: Record<string, string> = codeSide
        ? await codeSide.createAuthorizationResponse(context, user)
        : {};
      let accessToken: string | undefined;
      if (withToken) {
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
        accessToken = token.accessToken;
        Object.assign(response, {
          access_token: token.accessToken,
          token_type: token.tokenType,
          expires_in: String(token.expiresIn),
        });
        if (scope !== '') response.scope = scope;
      }
      const scopes = scopeToList(scope);
      const { authTime, acr, amr, claims } = authorization.extensions;
      const released = await findReleasedClaims(
        // Without an access token there is no UserInfo call: the scope claims go in the ID token.
        withToken || codeSide ? options : { ...options, idTokenScopeClaims: true },
        { user, client, scopes, claims, target: 'id_token' },
      );
      const wanted = client.metadata.idTokenSignedResponseAlg;
      const alg =
        wanted !== undefined && isSigningAlgorithm(wanted) && keys.algorithms.includes(wanted)
          ? wanted
          : undefined;
      response.id_token = await signIdToken(
        keys,
        {
          issuer: services.config.issuer,
          subject: subjectForClient(client, user.getUserId(), options.pairwiseSalt),
          clientId: client.clientId,
          issuedAt: Math.floor(services.now().getTime() / 1000),
          expiresIn: options.idTokenExpiresIn,
          authTime,
          nonce: authorization.nonce ?? undefined,
          acr,
          amr,
          accessToken,
          ...(response.code !== undefined ? { code: response.code } : {}),
          claims: released,
        },
        alg,
      );
      return response;
    },
  };
}
