import type { TokenRecord } from '@oauthkit/core';
import { extensionsJson, parseRecordExtensions } from '@oauthkit/core/stores';
import {
  dateToField,
  fieldToDate,
  type HashFields,
  required,
  requiredString,
} from './hash-fields.js';

/** The hash fields of a token record; throws `TypeError` on a malformed record. */
export function tokenToHash(record: TokenRecord): HashFields {
  if (record === null || typeof record !== 'object') throw new TypeError('record must be a token');
  return {
    access_token_digest: requiredString(record.accessTokenDigest, 'accessTokenDigest'),
    refresh_token_digest:
      record.refreshTokenDigest === null
        ? null
        : requiredString(record.refreshTokenDigest, 'refreshTokenDigest'),
    family_id: requiredString(record.familyId, 'familyId'),
    client_id: requiredString(record.clientId, 'clientId'),
    user_id: record.userId,
    scope: record.scope,
    token_type: record.tokenType,
    grant_type: record.grantType,
    issued_at: dateToField(record.issuedAt, 'issuedAt'),
    access_token_expires_at: dateToField(record.accessTokenExpiresAt, 'accessTokenExpiresAt'),
    refresh_token_expires_at: dateToField(record.refreshTokenExpiresAt, 'refreshTokenExpiresAt'),
    revoked_at: dateToField(record.revokedAt, 'revokedAt'),
    rotated_at: dateToField(record.rotatedAt, 'rotatedAt'),
    // One JSON field; absent (like a hash written before it existed) reads as `{}`.
    extensions: extensionsJson('saveToken', record.extensions),
  };
}

/** The token record stored in a hash read with `HGETALL`. */
export function tokenFromHash(hash: Record<string, string>): TokenRecord {
  return {
    accessTokenDigest: required(hash, 'access_token_digest'),
    refreshTokenDigest: hash['refresh_token_digest'] ?? null,
    familyId: required(hash, 'family_id'),
    clientId: required(hash, 'client_id'),
    userId: hash['user_id'] ?? null,
    scope: hash['scope'] ?? '',
    tokenType: required(hash, 'token_type'),
    grantType: required(hash, 'grant_type'),
    issuedAt: fieldToDate(required(hash, 'issued_at'))!,
    accessTokenExpiresAt: fieldToDate(required(hash, 'access_token_expires_at'))!,
    refreshTokenExpiresAt: fieldToDate(hash['refresh_token_expires_at']),
    revokedAt: fieldToDate(hash['revoked_at']),
    rotatedAt: fieldToDate(hash['rotated_at']),
    extensions: parseRecordExtensions(hash['extensions']),
  };
}

/**
 * How long a token record must live, in ms from `now`: until the later of its access and
 * refresh expiry. `null` when the refresh token never expires (the key gets no TTL).
 */
export function tokenLifetimeMs(record: TokenRecord, now: number): number | null {
  const access = record.accessTokenExpiresAt.getTime();
  if (record.refreshTokenDigest === null) return access - now;
  if (record.refreshTokenExpiresAt === null) return null;
  return Math.max(access, record.refreshTokenExpiresAt.getTime()) - now;
}
