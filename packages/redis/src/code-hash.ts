import type { AuthorizationCodeRecord } from '@oauthkit/core';
import { extensionsJson, parseRecordExtensions } from '@oauthkit/core/stores';
import {
  dateToField,
  fieldToDate,
  type HashFields,
  required,
  requiredString,
} from './hash-fields.js';

/** The hash fields of an authorization code; throws `TypeError` on a malformed record. */
export function codeToHash(record: AuthorizationCodeRecord): HashFields {
  if (record === null || typeof record !== 'object') throw new TypeError('record must be a code');
  return {
    code_digest: requiredString(record.codeDigest, 'codeDigest'),
    client_id: requiredString(record.clientId, 'clientId'),
    user_id: requiredString(record.userId, 'userId'),
    redirect_uri: record.redirectUri,
    scope: record.scope,
    code_challenge: record.codeChallenge,
    code_challenge_method: record.codeChallengeMethod,
    nonce: record.nonce,
    family_id: requiredString(record.familyId, 'familyId'),
    issued_at: dateToField(record.issuedAt, 'issuedAt'),
    expires_at: dateToField(record.expiresAt, 'expiresAt'),
    consumed_at: dateToField(record.consumedAt, 'consumedAt'),
    replayed_at: dateToField(record.replayedAt, 'replayedAt'),
    // One JSON field; absent (like a hash written before it existed) reads as `{}`.
    extensions: extensionsJson('saveCode', record.extensions),
  };
}

/** The code stored in a hash read with `HGETALL` (or returned flat by a script). */
export function codeFromHash(hash: Record<string, string>): AuthorizationCodeRecord {
  return {
    codeDigest: required(hash, 'code_digest'),
    clientId: required(hash, 'client_id'),
    userId: required(hash, 'user_id'),
    redirectUri: hash['redirect_uri'] ?? null,
    scope: hash['scope'] ?? '',
    codeChallenge: hash['code_challenge'] ?? null,
    codeChallengeMethod: hash['code_challenge_method'] ?? null,
    nonce: hash['nonce'] ?? null,
    familyId: required(hash, 'family_id'),
    issuedAt: fieldToDate(required(hash, 'issued_at'))!,
    expiresAt: fieldToDate(required(hash, 'expires_at'))!,
    consumedAt: fieldToDate(hash['consumed_at']),
    replayedAt: fieldToDate(hash['replayed_at']),
    extensions: parseRecordExtensions(hash['extensions']),
  };
}
