import type {
  AuthorizationCodeRecord,
  AuthorizationCodeStore,
  ConsumeCodeResult,
} from '@oauthkit/core';
import { checkedCodeStore, fromRecordRow, toRecordRow } from '@oauthkit/core/stores';
import {
  type DeleteExpiredOptions,
  deleteInBatches,
  resolveBatchSize,
} from './delete-in-batches.js';
import type { OauthAuthorizationCodeRow, PrismaDelegates } from './prisma-client-like.js';

/** Options of {@link createPrismaAuthorizationCodeStore}. */
export interface PrismaAuthorizationCodeStoreOptions extends DeleteExpiredOptions {}

/**
 * An {@link AuthorizationCodeStore} over the `OauthAuthorizationCode` model
 * (`oauth_authorization_codes`). `consumeCode` is one conditional UPDATE: the database
 * decides which of concurrent redemptions wins.
 *
 * @example
 * const codes = createPrismaAuthorizationCodeStore(prisma);
 * const result = await codes.consumeCode(digestToken(code), new Date());
 */
export function createPrismaAuthorizationCodeStore(
  prisma: Pick<PrismaDelegates, 'oauthAuthorizationCode'>,
  options: PrismaAuthorizationCodeStoreOptions = {},
): AuthorizationCodeStore {
  const codes = prisma.oauthAuthorizationCode;
  const batchSize = resolveBatchSize(options);
  return checkedCodeStore({
    async saveCode(record) {
      await codes.create({ data: toCodeRow(record) });
    },
    async findCode(codeDigest) {
      const row = await codes.findUnique({ where: { codeDigest } });
      return row?.codeDigest === codeDigest ? toCodeRecord(row) : null;
    },
    async consumeCode(codeDigest, now): Promise<ConsumeCodeResult> {
      const before = await codes.findUnique({ where: { codeDigest } });
      // Exact match only (MySQL's collations ignore trailing spaces), before anything is written.
      if (before?.codeDigest !== codeDigest) return { status: 'not_found' };
      const won = await codes.updateMany({
        where: { codeDigest, consumedAt: null },
        data: { consumedAt: now },
      });
      if (won.count === 1) {
        // The read above may have raced another redemption; the winner's "before" is by
        // definition unconsumed, and a code is only marked replayed once it is consumed.
        return {
          status: 'consumed',
          code: { ...toCodeRecord(before), consumedAt: null, replayedAt: null },
        };
      }
      await codes.updateMany({
        where: { codeDigest, replayedAt: null },
        data: { replayedAt: now },
      });
      const after = await codes.findUnique({ where: { codeDigest } });
      return after ? { status: 'replayed', code: toCodeRecord(after) } : { status: 'not_found' };
    },
    async deleteExpired(now) {
      const where = { expiresAt: { lte: now } };
      return deleteInBatches((limit) => codes.deleteMany({ where, limit }), batchSize);
    },
  });
}

// Copied field by field (core's row helpers), so that columns a user added to the model stay
// out of the records.
function toCodeRow(record: AuthorizationCodeRecord): OauthAuthorizationCodeRow {
  return toRecordRow('code', record);
}

function toCodeRecord(row: OauthAuthorizationCodeRow): AuthorizationCodeRecord {
  return fromRecordRow('code', row);
}
