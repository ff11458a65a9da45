import type { TokenRecord, TokenStore } from '@oauthkit/core';
import { and, type Column, eq, isNull, sql } from 'drizzle-orm';
import type { Dialect } from './dialects/dialect.js';
import { count, exec, rows } from './operation.js';
import { toTokenRecord } from './records.js';

/** Rounds of `revokeFamily` before it gives up: each round needs a rotation racing it. */
const MAX_REVOKE_ROUNDS = 100;

/** The {@link TokenStore} over the `oauth_tokens` table. */
export function createTokenStore(dialect: Dialect): TokenStore {
  const t = dialect.tables.tokens;
  const findBy = (column: Column, digest: string) =>
    dialect.run(function* (db) {
      const [row] = yield* rows<TokenRecord>(
        db.select().from(t).where(eq(column, digest)).limit(1),
      );
      return row ? toTokenRecord(row) : null;
    });

  return {
    saveToken: (record) =>
      dialect.run(function* (db) {
        yield* exec(db.insert(t).values(toTokenRecord(record)));
      }),
    findByAccessToken: (digest) => findBy(t.accessTokenDigest, digest),
    findByRefreshToken: (digest) => findBy(t.refreshTokenDigest, digest),
    rotateRefreshToken: (digest, next, now) =>
      dialect.transaction(function* (tx) {
        // Of concurrent rotations, the first to lock the row changes it; the others wait,
        // re-check the conditions against the committed row and change nothing.
        const won = yield* count(
          tx
            .update(t)
            .set({ rotatedAt: now, revokedAt: now })
            .where(and(eq(t.refreshTokenDigest, digest), isNull(t.revokedAt), isNull(t.rotatedAt))),
        );
        if (won !== 1) return false;
        yield* exec(tx.insert(t).values(toTokenRecord(next)));
        return true;
      }),
    revokeAccessToken: (digest, now) =>
      dialect.run(function* (db) {
        const revoke = db
          .update(t)
          .set({ revokedAt: now })
          .where(and(eq(t.accessTokenDigest, digest), isNull(t.revokedAt)));
        return (yield* count(revoke)) === 1;
      }),
    revokeFamily: (familyId, now) =>
      dialect.run(function* (db) {
        const active = and(eq(t.familyId, familyId), isNull(t.revokedAt));
        let revoked = 0;
        for (let round = 0; round < MAX_REVOKE_ROUNDS; round++) {
          revoked += yield* count(db.update(t).set({ revokedAt: now }).where(active));
          // The UPDATE alone can miss a row: when it waits on a row a rotation has locked,
          // it re-checks only that row once the rotation commits (now revoked: skipped),
          // never the row the rotation inserted after the UPDATE's snapshot. So the end is
          // decided by a plain read, which never waits: once a fresh snapshot shows no
          // active row, a rotation still running can only find its row revoked and fail
          // (it locked that row after the revocation committed), or it locked the row
          // first — then the revocation waited for it, and its insert is in the snapshot.
          const left = yield* rows(db.select({ one: sql`1` }).from(t).where(active).limit(1));
          if (left.length === 0) return revoked;
        }
        throw new Error(`revokeFamily: family ${familyId} kept changing`);
      }),
  };
}
