import { NO_STORE, type OAuth2Response } from '../response/oauth2-response.js';
import { callStore } from '../stores/call-store.js';
import type { TokenStore } from '../stores/token-store.js';
import type { Endpoint } from './endpoint.js';
import { isActive } from './find-token.js';
import { readTokenManagementRequest } from './token-management-request.js';

const OK: OAuth2Response = { status: 200, headers: { ...NO_STORE }, body: '' };

/**
 * Token revocation (RFC 7009). The client must authenticate; a token that is unknown,
 * expired, already revoked or another client's gets the same 200 with no effect (2.2).
 * Revoking a refresh token revokes its family, access tokens included (2.1). A store
 * failure is 503, never a false 200.
 *
 * Store packages build theirs with `tokens` (Authlib's `create_revocation_endpoint`), for a
 * server whose own token store is another, or absent.
 *
 * @example
 * server.registerEndpoint(createRevocationEndpoint({ tokens: createPrismaTokenStore(prisma) }));
 */
export function createRevocationEndpoint(options: { tokens?: TokenStore } = {}): Endpoint {
  const own = options.tokens;
  return {
    name: 'revocation',
    path: '/revoke',
    methods: ['POST'],
    cors: true,
    metadataKey: 'revocation_endpoint',
    clientAuth: {},
    requiredStores: own ? [] : ['tokens'],
    async handle(request, server) {
      const tokens = own ?? server.services.tokens();
      const { client, found } = await readTokenManagementRequest(
        request,
        server,
        'revocation',
        tokens,
      );
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
