import { digestToken } from '../crypto/digest.js';
import { InvalidGrantError, InvalidRequestError } from '../errors/errors.js';
import { callStore } from '../stores/call-store.js';
import type { IssuedToken } from '../tokens/issued-token.js';
import type { AuthorizationGrant } from './authorization-grant.js';
import { createCodeResponseType } from './code-response-type.js';
import { verifyCodeChallenge } from './pkce.js';
import type { GrantServices, TokenGrant } from './token-grant.js';

/**
 * `authorization_code`: the `code` response type at the authorization endpoint (see
 * `createCodeResponseType`) and the exchange at the token endpoint. Token side (RFC 6749 4.1.3, RFC 7636 4.6). The code is consumed
 * atomically before anything else is checked, so every attempt, failed or not, uses it up;
 * a second redemption revokes every token issued from it (RFC 6749 4.1.2, 10.5).
 */
export function createAuthorizationCodeGrant(): TokenGrant & AuthorizationGrant {
  return {
    ...createCodeResponseType(),
    grantType: 'authorization_code',
    parameters: ['code', 'redirect_uri', 'code_verifier'],
    requiredStores: ['codes'],
    async createTokenResponse({ request, params, client, services }) {
      const code = params.get('code');
      if (code === undefined) {
        throw new InvalidRequestError({
          description: 'missing_parameter',
          params: { name: 'code' },
        });
      }
      const codeDigest = digestToken(code);
      const now = services.now();
      const result = await callStore(() => services.codes().consumeCode(codeDigest, now));
      if (result.status === 'not_found')
        throw new InvalidGrantError({ description: 'code_invalid' });
      const record = result.code;
      if (result.status === 'replayed') {
        await revokeFamily(services, record.familyId, now);
        throw new InvalidGrantError({ description: 'code_invalid' });
      }
      if (record.expiresAt <= now) throw new InvalidGrantError({ description: 'code_invalid' });
      if (record.clientId !== client.clientId) {
        throw new InvalidGrantError({ description: 'code_client_mismatch' });
      }
      const redirectUri = params.get('redirect_uri');
      const expectedRedirectUri = record.redirectUri ?? client.getDefaultRedirectUri();
      if (
        (record.redirectUri !== null || redirectUri !== undefined) &&
        redirectUri !== expectedRedirectUri
      ) {
        throw new InvalidGrantError({ description: 'code_redirect_uri_mismatch' });
      }
      const verifier = params.get('code_verifier');
      if (record.codeChallenge === null) {
        // A verifier without a stored challenge is a PKCE downgrade attempt (RFC 9700 4.8.2).
        if (verifier !== undefined) {
          throw new InvalidRequestError({ description: 'code_verifier_unexpected' });
        }
      } else if (verifier === undefined) {
        throw new InvalidGrantError({ description: 'code_verifier_missing' });
      } else if (
        !verifyCodeChallenge(verifier, record.codeChallenge, record.codeChallengeMethod ?? 'plain')
      ) {
        throw new InvalidGrantError({ description: 'code_verifier_mismatch' });
      }
      const user = await callStore(() => services.queryUser(record.userId));
      if (!user) throw new InvalidGrantError({ description: 'code_invalid' });
      const token: IssuedToken = services.generateToken({
        client,
        grantType: 'authorization_code',
        user,
        scope: record.scope,
        includeRefreshToken: client.checkGrantType('refresh_token'),
      });
      await callStore(() =>
        services.saveToken(token, {
          client,
          user,
          grantType: 'authorization_code',
          familyId: record.familyId,
          issuedAt: now,
          request,
        }),
      );
      // A replay that lost the race may have revoked the family before our tokens existed:
      // it marks the code first, so reading the mark after saving closes the window. This
      // request still won the redemption, so it answers as if the replay came after it: the
      // tokens are issued, and revoked (refusing them too would leave a code redeemed zero
      // times, which no serial order of the requests produces).
      const after = await callStore(() => services.codes().findCode(codeDigest));
      if (after?.replayedAt) await revokeFamily(services, record.familyId, services.now());
      return { token, user: user };
    },
  };
}

async function revokeFamily(services: GrantServices, familyId: string, now: Date): Promise<void> {
  await callStore(() => services.tokens().revokeFamily(familyId, now));
  services.events.emit('tokenRevoked', {
    familyId,
    record: null,
    client: null,
    reason: 'code_replay',
  });
}
