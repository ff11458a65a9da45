import type { AuthorizationCodeRecord } from '@oauthkit/core';
import { extensionsJson, parseRecordExtensions } from '@oauthkit/core/stores';
import type { AuthorizationCodeDocument } from '../schemas/authorization-code-schema.js';

/** The document inserted for an authorization code record. */
export function toAuthorizationCodeDocument(
  record: AuthorizationCodeRecord,
): AuthorizationCodeDocument {
  return {
    ...codeFields(record),
    extensions: extensionsJson('saveCode', record.extensions),
  };
}

/** The record a stored (lean) code document stands for; `_id` dropped. */
export function toAuthorizationCodeRecord(doc: AuthorizationCodeDocument): AuthorizationCodeRecord {
  return { ...codeFields(doc), extensions: parseRecordExtensions(doc.extensions) };
}

function codeFields(
  doc: AuthorizationCodeRecord | AuthorizationCodeDocument,
): Omit<AuthorizationCodeRecord, 'extensions'> {
  return {
    codeDigest: doc.codeDigest,
    clientId: doc.clientId,
    userId: doc.userId,
    redirectUri: doc.redirectUri ?? null,
    scope: doc.scope,
    codeChallenge: doc.codeChallenge ?? null,
    codeChallengeMethod: doc.codeChallengeMethod ?? null,
    nonce: doc.nonce ?? null,
    familyId: doc.familyId,
    issuedAt: doc.issuedAt,
    expiresAt: doc.expiresAt,
    consumedAt: doc.consumedAt ?? null,
    replayedAt: doc.replayedAt ?? null,
  };
}
