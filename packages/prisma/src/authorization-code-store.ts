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
import { type PostgresSqlOptions, postgresSql } from './postgres-sql.js';
import type {
  OauthAuthorizationCodeRow,
  PrismaClientLike,
  PrismaDelegates,
} from './prisma-client-like.js';
import { retryOnWriteConflict } from './retry-on-write-conflict.js';
import { isPrismaTokenStoreOf } from './token-store.js';

/** Options of {@link createPrismaAuthorizationCodeStore}. */
export interface PrismaAuthorizationCodeStoreOptions
  extends DeleteExpiredOptions,
    PostgresSqlOptions {}

/**
 * An {@link AuthorizationCodeStore} over the `OauthAuthorizationCode` model
 * (`oauth_authorization_codes`). `consumeCode` is one conditional UPDATE: the database
 * decides which of concurrent redemptions wins. `redeemCode` saves the token with it, for a
 * token store of this package over the same client: on PostgreSQL in one statement, on
 * MySQL/MariaDB and SQLite in one transaction.
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
  // PostgreSQL: the hot-path statements as raw SQL (see postgresSql); elsewhere the delegates.
  const sql = postgresSql(prisma, options, 'createPrismaAuthorizationCodeStore');
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
  // The conditional UPDATE that decides the winner: the winner's row (as it was before),
  // `undefined` when the code exists but was consumed already, or `not_found`. On `delegate`,
  // the client's or a transaction's.
  async function claim(
    delegate: PrismaDelegates['oauthAuthorizationCode'],
    codeDigest: string,
    now: Date,
  ): Promise<OauthAuthorizationCodeRow | 'not_found' | undefined> {
    if (sql && delegate === codes) return sql.consumeCode(codeDigest, now);
    const update = { where: { codeDigest, consumedAt: null }, data: { consumedAt: now } };
    // The first try happens outside any transaction (a refused operation there is not sent).
    const tryReturning = returning === true || (returning === undefined && delegate === codes);
    if (tryReturning && delegate.updateManyAndReturn) {
      // One statement: the conditional UPDATE decides the winner and hands back its row.
      // PostgreSQL and SQLite compare the digest byte for byte.
      let won: OauthAuthorizationCodeRow[] | undefined;
      try {
        won = await delegate.updateManyAndReturn(update);
        returning = true;
      } catch (error) {
        if (returning !== undefined || !isUnsupportedOperation(error)) throw error;
        returning = false;
      }
      if (won !== undefined) return won.find((r) => r.codeDigest === codeDigest);
    }
    const before = await delegate.findUnique({ where: { codeDigest } });
    // Exact match only (MySQL's collations ignore trailing spaces), before anything is written.
    if (before?.codeDigest !== codeDigest) return 'not_found';
    const won = await delegate.updateMany(update);
    // The read above may have raced another redemption; the winner's "before" is by
    // definition unconsumed, and a code is only marked replayed once it is consumed.
    return won.count === 1 ? before : undefined;
  }
  return checkedCodeStore({
    async saveCode(record) {
      await codes.create({ data: toCodeRow(record) });
    },
    async findCode(codeDigest) {
      const row = sql
        ? await sql.findCode(codeDigest)
        : await codes.findUnique({ where: { codeDigest } });
      return row?.codeDigest === codeDigest ? toCodeRecord(row) : null;
    },
    async consumeCode(codeDigest, now): Promise<ConsumeCodeResult> {
      const won = await claim(codes, codeDigest, now);
      if (won === 'not_found') return { status: 'not_found' };
      return won ? consumed(won) : replay(codeDigest, now);
    },
    async redeemCode(codeDigest, now, token, tokens) {
      if (!isPrismaTokenStoreOf(tokens, prisma)) return undefined;
      let won: OauthAuthorizationCodeRow | 'not_found' | undefined;
      if (sql) {
        won = await sql.redeemCode(codeDigest, now, token);
      } else {
        // The token store was made over this same client, which therefore has transactions.
        const client = prisma as unknown as Pick<PrismaClientLike, '$transaction'>;
        // InnoDB may abort the transaction as a deadlock victim: it rolled back whole, so it
        // runs again and re-checks the code.
        won = await retryOnWriteConflict(() =>
          client.$transaction(async (tx) => {
            const row = await claim(tx.oauthAuthorizationCode, codeDigest, now);
            if (row !== undefined && row !== 'not_found') {
              await tx.oauthToken.create({ data: toRecordRow('token', token) });
            }
            return row;
          }),
        );
      }
      if (won === 'not_found') return { status: 'not_found' };
      // Lost: marked after the transaction, as consumeCode marks it, saving nothing.
      return won ? consumed(won) : replay(codeDigest, now);
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
