import type { AuthorizationCodeStore, ConsumeCodeResult } from '@oauthkit/core';
import { checkedCodeStore } from '@oauthkit/core/stores';
import { and, eq, isNull, lte } from 'drizzle-orm';
import { deleteInBatches } from './delete-in-batches.js';
import type { Dialect, QueryDb } from './dialects/dialect.js';
import { count, exec, type Operation, rows } from './operation.js';
import { type CodeRow, toCodeRecord, toCodeRow } from './records.js';

/**
 * The {@link AuthorizationCodeStore} over the `oauth_authorization_codes` table;
 * `deleteExpired` deletes at most `batchSize` rows per statement.
 */
export function createAuthorizationCodeStore(
  dialect: Dialect,
  batchSize: number,
): AuthorizationCodeStore {
  const t = dialect.tables.codes;
  const select = dialect.prepared<{ digest: string }>((db, v) =>
    db
      .select()
      .from(t)
      .where(eq(t.codeDigest, v('digest')))
      .limit(1),
  );
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
      return dialect.run(function* (db): Operation<ConsumeCodeResult> {
        const byDigest = eq(t.codeDigest, codeDigest);
        const values = { digest: codeDigest, now };
        const reread = () => rows<CodeRow>(select(db, { digest: codeDigest }));
        const won: CodeRow[] = dialect.returning
          ? yield* rows(consumeReturning(db, values))
          : (yield* count(consume(db, (name) => values[name]))) === 1
            ? yield* reread()
            : [];
        if (won[0]) {
          // Before this call won, the code was neither consumed nor replayed (a replay needs
          // a consumed code); a MySQL re-read may already see a concurrent replay.
          const code = { ...toCodeRecord(won[0]), consumedAt: null, replayedAt: null };
          return { status: 'consumed', code };
        }
        yield* exec(
          db
            .update(t)
            .set({ replayedAt: now })
            .where(and(byDigest, isNull(t.replayedAt))),
        );
        const [row] = yield* reread();
        return row ? { status: 'replayed', code: toCodeRecord(row) } : { status: 'not_found' };
      });
    },
    async deleteExpired(now) {
      const expired = lte(t.expiresAt, now);
      return dialect.run((db) => deleteInBatches(db, t, t.codeDigest, expired, batchSize));
    },
  });
}
