import type { TokenRecord } from '@oauthkit/core';
import { fromRecordRow, toRecordRow } from '@oauthkit/core/stores';
import { type TokenDocument, tokenExpireAt } from '../schemas/token-schema.js';

/** The document inserted for a token record, with its TTL date. */
export function toTokenDocument(record: TokenRecord): TokenDocument {
  return { ...toRecordRow('token', record), expireAt: tokenExpireAt(record) };
}

/**
 * The record a stored (lean) token document stands for; `_id`, `expireAt` and `provisional`
 * dropped, a missing field `null`.
 */
export function toTokenRecord(doc: TokenDocument): TokenRecord {
  return fromRecordRow('token', doc);
}
