import type { AuthorizationCodeRecord, ClientRecord, TokenRecord } from '@oauthkit/core';

// The tables' property names are the record field names, so a selected row already has the
// record's shape; these functions copy exactly the record's fields and fix what a driver
// returns in another form.

export function toClientRecord(row: ClientRecord): ClientRecord {
  return {
    clientId: row.clientId,
    clientSecretDigest: row.clientSecretDigest,
    clientIdIssuedAt: row.clientIdIssuedAt,
    clientSecretExpiresAt: row.clientSecretExpiresAt,
    // MariaDB's JSON is LONGTEXT underneath: mysql2 hands it over as a string.
    metadata: typeof row.metadata === 'string' ? JSON.parse(row.metadata) : row.metadata,
  };
}

export function toTokenRecord(row: TokenRecord): TokenRecord {
  return {
    accessTokenDigest: row.accessTokenDigest,
    refreshTokenDigest: row.refreshTokenDigest,
    familyId: row.familyId,
    clientId: row.clientId,
    userId: row.userId,
    scope: row.scope,
    tokenType: row.tokenType,
    grantType: row.grantType,
    issuedAt: row.issuedAt,
    accessTokenExpiresAt: row.accessTokenExpiresAt,
    refreshTokenExpiresAt: row.refreshTokenExpiresAt,
    revokedAt: row.revokedAt,
    rotatedAt: row.rotatedAt,
  };
}

export function toCodeRecord(row: AuthorizationCodeRecord): AuthorizationCodeRecord {
  return {
    codeDigest: row.codeDigest,
    clientId: row.clientId,
    userId: row.userId,
    redirectUri: row.redirectUri,
    scope: row.scope,
    codeChallenge: row.codeChallenge,
    codeChallengeMethod: row.codeChallengeMethod,
    nonce: row.nonce,
    familyId: row.familyId,
    issuedAt: row.issuedAt,
    expiresAt: row.expiresAt,
    consumedAt: row.consumedAt,
    replayedAt: row.replayedAt,
  };
}
