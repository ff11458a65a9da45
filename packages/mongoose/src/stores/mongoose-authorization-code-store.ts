import type { AuthorizationCodeStore, ConsumeCodeResult } from '@oauthkit/core';
import { checkedCodeStore } from '@oauthkit/core/stores';
import type { Model } from 'mongoose';
import {
  consumeCodeQuery,
  deleteExpiredCodesQuery,
  findCodeQuery,
  markCodeReplayedQuery,
} from '../queries/authorization-code-queries.js';
import {
  toAuthorizationCodeDocument,
  toAuthorizationCodeRecord,
} from '../records/authorization-code-record.js';
import type { AuthorizationCodeDocument } from '../schemas/authorization-code-schema.js';
import { asCallerError } from './check-arguments.js';

/**
 * The {@link AuthorizationCodeStore} over the `oauth_authorization_codes` model.
 *
 * @example
 * const codes = createMongooseAuthorizationCodeStore(registerOAuthModels(connection).AuthorizationCode);
 */
export function createMongooseAuthorizationCodeStore(
  Code: Model<AuthorizationCodeDocument>,
): AuthorizationCodeStore {
  return checkedCodeStore({
    async saveCode(record) {
      const doc = toAuthorizationCodeDocument(record);
      await asCallerError('authorization code record', () => Code.create(doc));
    },
    async findCode(codeDigest) {
      const doc = await findCodeQuery(Code, codeDigest).exec();
      return doc ? toAuthorizationCodeRecord(doc) : null;
    },
    async consumeCode(codeDigest, now): Promise<ConsumeCodeResult> {
      const before = await consumeCodeQuery(Code, codeDigest, now).exec();
      if (before) return { status: 'consumed', code: toAuthorizationCodeRecord(before) };
      // Lost (or unknown): flag the replay, then read the code as it now stands.
      await markCodeReplayedQuery(Code, codeDigest, now).exec();
      const current = await findCodeQuery(Code, codeDigest).exec();
      return current
        ? { status: 'replayed', code: toAuthorizationCodeRecord(current) }
        : { status: 'not_found' };
    },
    async deleteExpired(now) {
      return (await deleteExpiredCodesQuery(Code, now).exec()).deletedCount;
    },
  });
}
