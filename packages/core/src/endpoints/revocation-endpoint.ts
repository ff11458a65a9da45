import { authenticateClient } from '../client-auth/authenticate-client.js';
import { InvalidRequestError } from '../errors/errors.js';
import { type OAuth2Response, NO_STORE } from '../response/oauth2-response.js';
import { callStore } from '../stores/call-store.js';
import type { Endpoint } from './endpoint.js';
import { findToken, isActive } from './find-token.js';
import { requireForm } from './token-endpoint.js';

const OK: OAuth2Response = { status: 200, headers: { ...NO_STORE }, body: '' };

/**
 * Token revocation (RFC 7009). The client must authenticate; a token that is unknown,
 * expired, already revoked or another client's gets the same 200 with no effect (2.2).
 * Revoking a refresh token revokes its family, access tokens included (2.1). A store
 * failure is 503, never a false 200.
 */
export function createRevocationEndpoint(): Endpoint {
  return {
    name: 'revocation',
    async handle(request, server) {
      const form = requireForm(request);
      const { client, method } = await authenticateClient(
        request,
        server.clientAuthMethods,
        server.queryClient,
        'revocation',
        server.config.realm,
      );
      server.events.emit('clientAuthenticated', { client, method, request });
      const value = form.get('token');
      if (value === undefined) {
        throw new InvalidRequestError({
          description: 'missing_parameter',
          params: { name: 'token' },
        });
      }
      const tokens = server.services.tokens();
      const found = await callStore(() => findToken(tokens, value, form.get('token_type_hint')));
      const now = server.services.now();
      if (!found || found.record.clientId !== client.clientId) return OK;
      const { record } = found;
      // A rotated refresh token presented by its own client: someone else may hold the newer
      // one (RFC 9700 4.14.2), so the family goes, as on any reuse.
      const reused = found.kind === 'refresh_token' && record.rotatedAt !== null;
      if (!reused && !isActive(found, now)) return OK;
      if (found.kind === 'refresh_token') {
        await callStore(() => tokens.revokeFamily(record.familyId, now));
      } else {
        await callStore(() => tokens.revokeAccessToken(record.accessTokenDigest, now));
      }
      server.events.emit('tokenRevoked', {
        familyId: record.familyId,
        record: found.kind === 'refresh_token' ? null : record,
        client,
        reason: 'revocation_request',
      });
      return OK;
    },
  };
}
