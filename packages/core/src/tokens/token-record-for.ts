import { digestToken } from '../crypto/digest.js';
import type { SaveTokenRequest } from '../grants/token-grant.js';
import type { TokenRecord } from '../stores/token-store.js';
import type { IssuedToken } from './issued-token.js';

/** The stored form of an issued token: digests in place of the token values. */
export function tokenRecordFor(
  token: IssuedToken,
  info: Pick<SaveTokenRequest, 'client' | 'user' | 'grantType' | 'familyId' | 'issuedAt'>,
): TokenRecord {
  const at = info.issuedAt.getTime();
  const refreshIn = token.refreshTokenExpiresIn;
  return {
    accessTokenDigest: digestToken(token.accessToken),
    refreshTokenDigest: token.refreshToken === undefined ? null : digestToken(token.refreshToken),
    familyId: info.familyId,
    clientId: info.client.clientId,
    userId: info.user?.getUserId() ?? null,
    scope: token.scope,
    tokenType: token.tokenType,
    grantType: info.grantType,
    issuedAt: info.issuedAt,
    accessTokenExpiresAt: new Date(at + token.expiresIn * 1000),
    refreshTokenExpiresAt:
      token.refreshToken === undefined || refreshIn === null || refreshIn === undefined
        ? null
        : new Date(at + refreshIn * 1000),
    revokedAt: null,
    rotatedAt: null,
  };
}
