import { digestToken } from '../crypto/digest.js';
import { generateId, generateToken } from '../crypto/generate-token.js';
import { InvalidRequestError } from '../errors/errors.js';
import { callStore } from '../stores/call-store.js';
import type { AuthorizationGrant } from './authorization-grant.js';
import { isValidPkceValue } from './pkce.js';

/**
 * `response_type=code` (RFC 6749 4.1.1, RFC 7636 4.3): validates PKCE and issues a code
 * bound to the client, redirect URI, scope, user and challenge. Only the code's digest is
 * stored. Public clients must send a challenge; `S256` unless `plain` is configured.
 */
export function createCodeResponseType(): AuthorizationGrant {
  return {
    responseType: 'code',
    grantType: 'authorization_code',
    responseMode: 'query',
    repeatableParameters: ['resource'],
    requiredStores: ['codes'],
    validateAuthorizationRequest({ authorization, services }) {
      const { client, params } = authorization;
      const challenge = params.get('code_challenge');
      const method = params.get('code_challenge_method');
      if (challenge === undefined) {
        if (method !== undefined) {
          throw new InvalidRequestError({
            description: 'missing_parameter',
            params: { name: 'code_challenge' },
          });
        }
        if (client.isPublic || services.config.requirePkceForConfidentialClients) {
          throw new InvalidRequestError({ description: 'code_challenge_required' });
        }
        return;
      }
      // An omitted method means `plain` (RFC 7636 4.3), which is refused unless configured.
      const effective = method ?? 'plain';
      if (!services.config.pkceMethods.includes(effective)) {
        throw new InvalidRequestError({ description: 'code_challenge_method_unsupported' });
      }
      if (!isValidPkceValue(challenge)) {
        throw new InvalidRequestError({ description: 'code_challenge_invalid' });
      }
      authorization.codeChallenge = challenge;
      authorization.codeChallengeMethod = effective;
    },
    async createAuthorizationResponse({ authorization, services }, user) {
      const code = generateToken();
      const now = services.now();
      await callStore(() =>
        services.codes().saveCode({
          codeDigest: digestToken(code),
          clientId: authorization.client.clientId,
          userId: user.getUserId(),
          redirectUri: authorization.requestedRedirectUri,
          scope: authorization.scope,
          codeChallenge: authorization.codeChallenge,
          codeChallengeMethod: authorization.codeChallengeMethod,
          nonce: authorization.nonce,
          extensions: authorization.extensions,
          familyId: generateId(),
          issuedAt: now,
          expiresAt: new Date(now.getTime() + services.config.authorizationCodeExpiresIn * 1000),
          consumedAt: null,
          replayedAt: null,
        }),
      );
      return { code };
    },
  };
}
