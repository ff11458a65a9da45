import type { TokenRecord } from '@oauthkit/core';
import { extensionsJson, parseRecordExtensions } from '@oauthkit/core/stores';
import { type TokenDocument, tokenExpireAt } from '../schemas/token-schema.js';

/** The document inserted for a token record, with its TTL date. */
export function toTokenDocument(record: TokenRecord): TokenDocument {
  return {
    accessTokenDigest: record.accessTokenDigest,
    refreshTokenDigest: record.refreshTokenDigest,
    familyId: record.familyId,
    clientId: record.clientId,
    userId: record.userId,
    scope: record.scope,
    tokenType: record.tokenType,
    grantType: record.grantType,
    issuedAt: record.issuedAt,
    accessTokenExpiresAt: record.accessTokenExpiresAt,
    refreshTokenExpiresAt: record.refreshTokenExpiresAt,
    revokedAt: record.revokedAt,
    rotatedAt: record.rotatedAt,
    extensions: extensionsJson('saveToken', record.extensions),
    expireAt: tokenExpireAt(record),
  };
}

/** The record a stored (lean) token document stands for; `_id` and `expireAt` dropped. */
export function toTokenRecord(doc: TokenDocument): TokenRecord {
  return {
    accessTokenDigest: doc.accessTokenDigest,
    refreshTokenDigest: doc.refreshTokenDigest ?? null,
    familyId: doc.familyId,
    clientId: doc.clientId,
    userId: doc.userId ?? null,
    scope: doc.scope,
    tokenType: doc.tokenType,
    grantType: doc.grantType,
    issuedAt: doc.issuedAt,
    accessTokenExpiresAt: doc.accessTokenExpiresAt,
    refreshTokenExpiresAt: doc.refreshTokenExpiresAt ?? null,
    revokedAt: doc.revokedAt ?? null,
    rotatedAt: doc.rotatedAt ?? null,
    extensions: parseRecordExtensions(doc.extensions),
  };
}
