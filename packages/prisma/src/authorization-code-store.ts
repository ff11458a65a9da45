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
  // Whether the provider has `UPDATE ... RETURNING`: unknown until the first try (the
  // generated client of every provider has the method; MySQL's refuses it before sending).
  let returning: boolean | undefined;
  const consumed = (row: OauthAuthorizationCodeRow): ConsumeCodeResult => ({
    status: 'consumed',
    // The winner's row was by definition unconsumed before, and never replayed.
    code: { ...toCodeRecord(row), consumedAt: null, replayedAt: null },
  });
  // Lost (or unknown): mark the replay on a consumed code, then tell which it was.
  async function replay(codeDigest: string, now: Date): Promise<ConsumeCodeResult> {
    await codes.updateMany({
      where: { codeDigest, replayedAt: null },
      data: { replayedAt: now },
    });
    const after = await codes.findUnique({ where: { codeDigest } });
    return after?.codeDigest === codeDigest
      ? { status: 'replayed', code: toCodeRecord(after) }
      : { status: 'not_found' };
  }
  return checkedCodeStore({
    async saveCode(record) {
      await codes.create({ data: toCodeRow(record) });
    },
    async findCode(codeDigest) {
      const row = await codes.findUnique({ where: { codeDigest } });
      return row?.codeDigest === codeDigest ? toCodeRecord(row) : null;
    },
    async consumeCode(codeDigest, now): Promise<ConsumeCodeResult> {
      const update = { where: { codeDigest, consumedAt: null }, data: { consumedAt: now } };
      if (returning !== false && codes.updateManyAndReturn) {
        // One statement: the conditional UPDATE decides the winner and hands back its row.
        // PostgreSQL and SQLite compare the digest byte for byte.
        let won: OauthAuthorizationCodeRow[] | undefined;
        try {
          won = await codes.updateManyAndReturn(update);
          returning = true;
        } catch (error) {
          if (returning !== undefined || !isUnsupportedOperation(error)) throw error;
          returning = false;
        }
        if (won !== undefined) {
          const row = won.find((r) => r.codeDigest === codeDigest);
          if (row) return consumed(row);
          return replay(codeDigest, now);
        }
      }
      const before = await codes.findUnique({ where: { codeDigest } });
      // Exact match only (MySQL's collations ignore trailing spaces), before anything is written.
      if (before?.codeDigest !== codeDigest) return { status: 'not_found' };
      const won = await codes.updateMany(update);
      // The read above may have raced another redemption; the winner's "before" is by
      // definition unconsumed, and a code is only marked replayed once it is consumed.
      if (won.count === 1) return consumed(before);
      return replay(codeDigest, now);
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

// Prisma's query compiler refuses an operation the provider lacks before sending anything:
// "Operation 'updateManyAndReturn' for model '...' does not match any query."
function isUnsupportedOperation(error: unknown): boolean {
  const message = error instanceof Error ? error.message : '';
  return message.includes("Operation 'updateManyAndReturn'") && message.includes('does not match');
}
