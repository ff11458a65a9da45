import type { AuthorizationCodeStore, ConsumeCodeResult, TokenStore } from '@oauthkit/core';
import { checkedCodeStore } from '@oauthkit/core/stores';
import { and, eq, isNull, lte, type SQL } from 'drizzle-orm';
import { deleteInBatches } from './delete-in-batches.js';
import type { ClaimedRow, Dialect, QueryDb } from './dialects/dialect.js';
import { count, exec, type Operation, rows } from './operation.js';
import { type CodeRow, toCodeRecord, toCodeRow, toTokenRow } from './records.js';

/**
 * The {@link AuthorizationCodeStore} over the `oauth_authorization_codes` table;
 * `deleteExpired` deletes at most `batchSize` rows per statement. `redeemCode` saves into
 * `oauth_tokens` for `tokens`, the token store created beside it, and for no other.
 */
export function createAuthorizationCodeStore(
  dialect: Dialect,
  batchSize: number,
  tokens: TokenStore,
): AuthorizationCodeStore {
  const t = dialect.tables.codes;
  const selectOne = dialect.prepared<{ digest: string }>((db, v) =>
    db
      .select()
      .from(t)
      .where(eq(t.codeDigest, v('digest')))
      .limit(1),
  );
  const select = dialect.coalescedLookup?.(t, t.codeDigest, selectOne) ?? selectOne;
  // The row lock taken by this conditional UPDATE is the whole "did I win?": a concurrent
  // call waits for it, re-reads `consumed_at` and matches nothing.
  const consume = (db: QueryDb, v: (name: 'digest' | 'now') => any) =>
    db
      .update(t)
      .set({ consumedAt: v('now') })
      .where(and(eq(t.codeDigest, v('digest')), isNull(t.consumedAt)));
  const consumeReturning = dialect.prepared<{ digest: string; now: Date }>((db, v) =>
    consume(db, v).returning(),
  );
  const markReplayed = (db: QueryDb, v: (name: 'digest' | 'now') => any, also?: SQL) =>
    db
      .update(t)
      .set({ replayedAt: v('now') })
      .where(and(eq(t.codeDigest, v('digest')), isNull(t.replayedAt), also));
  // One statement (where the dialect has it): the claim, the token insert only if it claimed,
  // else the replay mark.
  const redeemInOne = dialect.claimThenInsert?.<{ digest: string; now: Date }>((db, v) => ({
    claim: consume(db, v).returning(),
    into: dialect.tables.tokens,
    otherwise: (claimedNothing) => markReplayed(db, v, claimedNothing).returning(),
    decode: t,
  }));
  // ...and with the redemptions of one turn in one statement, where the dialect joins them.
  const redeem = redeemInOne && (dialect.coalescedRedeem?.(redeemInOne) ?? redeemInOne);
  // Before this call won, the code was neither consumed nor replayed (a replay needs a
  // consumed code); a MySQL re-read may already see a concurrent replay.
  const consumed = (won: CodeRow): ConsumeCodeResult => ({
    status: 'consumed',
    code: { ...toCodeRecord(won), consumedAt: null, replayedAt: null },
  });
  function* replayedOrNotFound(db: QueryDb, codeDigest: string): Operation<ConsumeCodeResult> {
    const [row] = yield* rows<CodeRow>(select(db, { digest: codeDigest }));
    return row ? { status: 'replayed', code: toCodeRecord(row) } : { status: 'not_found' };
  }
  // consumeCode's steps, and what `won` adds only when this call consumed the code.
  function* consumeIn(
    db: QueryDb,
    codeDigest: string,
    now: Date,
    won?: () => Operation<void>,
  ): Operation<ConsumeCodeResult> {
    const values = { digest: codeDigest, now };
    const winner: CodeRow[] = dialect.returning
      ? yield* rows(consumeReturning(db, values))
      : (yield* count(consume(db, (name) => values[name]))) === 1
        ? yield* rows<CodeRow>(select(db, { digest: codeDigest }))
        : [];
    if (winner[0]) {
      if (won) yield* won();
      return consumed(winner[0]);
    }
    yield* exec(markReplayed(db, (name) => values[name]));
    return yield* replayedOrNotFound(db, codeDigest);
  }
  return checkedCodeStore({
    async saveCode(record) {
      return dialect.run(function* (db) {
        yield* exec(db.insert(t).values(toCodeRow(record)));
      });
    },
    async findCode(codeDigest) {
      return dialect.run(function* (db) {
        const [row] = yield* rows<CodeRow>(select(db, { digest: codeDigest }));
        return row ? toCodeRecord(row) : null;
      });
    },
    async consumeCode(codeDigest, now) {
      return dialect.run((db) => consumeIn(db, codeDigest, now));
    },
    async redeemCode(codeDigest, now, token, given) {
      if (given !== tokens) return undefined;
      const row = toTokenRow(token);
      if (!redeem) {
        // The consume and the insert commit together or not at all; a loser inserts nothing.
        return dialect.transaction((tx) =>
          consumeIn(tx, codeDigest, now, () => exec(tx.insert(dialect.tables.tokens).values(row))),
        );
      }
      return dialect.run(function* (db): Operation<ConsumeCodeResult> {
        const [first] = yield* rows<ClaimedRow<CodeRow>>(
          redeem(db, { digest: codeDigest, now }, [row]),
        );
        if (first?.won) return consumed(first);
        if (first) return { status: 'replayed', code: toCodeRecord(first) };
        // Already marked replayed, or unknown: read what was committed.
        return yield* replayedOrNotFound(db, codeDigest);
      });
    },
    async deleteExpired(now) {
      const expired = lte(t.expiresAt, now);
      return dialect.run((db) => deleteInBatches(db, t, t.codeDigest, expired, batchSize));
    },
  });
}
