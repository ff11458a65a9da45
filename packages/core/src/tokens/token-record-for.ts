import { digestToken } from '../crypto/digest.js';
import { generateToken } from '../crypto/generate-token.js';
import type { SaveTokenRequest } from '../grants/token-grant.js';
import type { TokenRecord } from '../stores/token-store.js';
import type { IssuedToken } from './issued-token.js';

/** The stored form of an issued token: digests in place of the token values. */
export function tokenRecordFor(
  token: IssuedToken,
  info: Pick<
    SaveTokenRequest,
    'client' | 'user' | 'grantType' | 'familyId' | 'issuedAt' | 'extensions'
  >,
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
    extensions: info.extensions ?? {},
  };
}

/** The records a rotation stores: see {@link rotationRecordsFor}. */
export interface RotationRecords {
  /** Carries the new refresh token (with the scope of the one it replaces). */
  next: TokenRecord;
  /** The access token, on its own, when its scope is narrower than the refresh token's. */
  accessOnly?: TokenRecord;
}

/**
 * The stored form of a token issued by rotation. RFC 6749 6: the new refresh token keeps the
 * scope of the one it replaces, even when the access token asked for less. One record holds
 * one scope, so a narrowed request becomes a refresh-carrying record (its access slot an
 * unusable random digest, expired at issue) plus an access-only record of the narrower scope,
 * which the store writes in the same atomic step.
 */
export function rotationRecordsFor(
  token: IssuedToken,
  info: Pick<
    SaveTokenRequest,
    'client' | 'user' | 'grantType' | 'familyId' | 'issuedAt' | 'extensions'
  >,
  refreshScope: string,
): RotationRecords {
  if (token.scope === refreshScope) return { next: tokenRecordFor(token, info) };
  const { refreshToken: _, refreshTokenExpiresIn: __, ...access } = token;
  return {
    next: {
      ...tokenRecordFor({ ...token, scope: refreshScope }, info),
      accessTokenDigest: digestToken(generateToken()),
      accessTokenExpiresAt: info.issuedAt,
    },
    accessOnly: tokenRecordFor(access, info),
  };
}
