import type { AuthorizationCodeRecord } from '@oauthkit/core';
import { fromRecordRow, toRecordRow } from '@oauthkit/core/stores';
import type { AuthorizationCodeDocument } from '../schemas/authorization-code-schema.js';

/** The document inserted for an authorization code record. */
export function toAuthorizationCodeDocument(
  record: AuthorizationCodeRecord,
): AuthorizationCodeDocument {
  return toRecordRow('code', record);
}

/** The record a stored (lean) code document stands for; `_id` dropped, a missing field `null`. */
export function toAuthorizationCodeRecord(doc: AuthorizationCodeDocument): AuthorizationCodeRecord {
  return fromRecordRow('code', doc);
}
