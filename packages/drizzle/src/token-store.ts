import type { TokenRecord, TokenStore } from '@oauthkit/core';
import { checkedTokenStore, MAX_REVOKE_FAMILY_ROUNDS } from '@oauthkit/core/stores';
import { and, type Column, eq, isNull, lte, or, sql } from 'drizzle-orm';
import { deleteInBatches } from './delete-in-batches.js';
import type { Dialect, QueryDb } from './dialects/dialect.js';
import { count, exec, type Operation, rows } from './operation.js';
import { type TokenRow, toTokenRecord, toTokenRow } from './records.js';

/**
 * The {@link TokenStore} over the `oauth_tokens` table; `deleteExpired` deletes at most
 * `batchSize` rows per statement.
 */
export function createTokenStore(dialect: Dialect, batchSize: number): TokenStore {
  const t = dialect.tables.tokens;
  const selectBy = (column: Column) => {
    const select = dialect.prepared<{ digest: string }>((db, v) =>
      db
        .select()
        .from(t)
        .where(eq(column, v('digest')))
        .limit(1),
    );
    return dialect.coalescedLookup?.(t, column, select) ?? select;
  };
  const byAccess = selectBy(t.accessTokenDigest);
  const byRefresh = selectBy(t.refreshTokenDigest);
  const findBy = (select: typeof byAccess, digest: string) =>
    dialect.run(function* (db) {
      const [row] = yield* rows<TokenRow>(select(db, { digest }));
      return row ? toTokenRecord(row) : null;
    });
  const columns = Object.keys(toTokenRow(SAMPLE)) as (keyof TokenRow)[];
  const insertOne = dialect.prepared<TokenRow>((db, v) =>
    db.insert(t).values(Object.fromEntries(columns.map((c) => [c, v(c)]))),
  );
  const insert = (dialect.coalescedInsert?.(t, t.accessTokenDigest, insertOne as never) ??
    insertOne) as typeof insertOne;

  // Of concurrent rotations, the first to lock the row changes it; the others wait,
  // re-check the conditions against the committed row and change nothing.
  const claim = (db: QueryDb, v: (name: 'digest' | 'familyId' | 'now') => any) =>
    db
      .update(t)
      .set({ rotatedAt: v('now'), revokedAt: v('now') })
      .where(
        and(
          eq(t.refreshTokenDigest, v('digest')),
          eq(t.familyId, v('familyId')),
          isNull(t.revokedAt),
          isNull(t.rotatedAt),
        ),
      );
  const rotateInOne = dialect.claimThenInsert?.<{ digest: string; familyId: string; now: Date }>(
    (db, v) => ({ claim: claim(db, v).returning({ one: sql`1` }), into: t }),
  );

  return checkedTokenStore({
    async saveToken(record) {
      return dialect.run(function* (db) {
        yield* exec(insert(db, toTokenRow(record)));
      });
    },
    async findByAccessToken(digest) {
      return findBy(byAccess, digest);
    },
    async findByRefreshToken(digest) {
      return findBy(byRefresh, digest);
    },
    async rotateRefreshToken(digest, next, now, accessOnly) {
      const values = { digest, familyId: next.familyId, now };
      const inserted = [next, ...(accessOnly ? [accessOnly] : [])].map(toTokenRow);
      // Nothing claimed. Only now, off the hot path, tell a caller mistake (`next` of
      // another family, which the UPDATE refused to match) from an ordinary refusal.
      function* refused(db: QueryDb): Operation<false> {
        const [old] = yield* rows<{ familyId: string }>(
          db
            .select({ familyId: t.familyId })
            .from(t)
            .where(eq(t.refreshTokenDigest, digest))
            .limit(1),
        );
        if (old && old.familyId !== next.familyId) {
          throw new TypeError('rotateRefreshToken: next must belong to the rotated token family');
        }
        return false;
      }
      if (rotateInOne) {
        // One statement, so one implicit transaction: the claim and the inserts commit
        // together or not at all, as in the transaction below, in one round trip.
        return dialect.run(function* (db) {
          const done = yield* rows(rotateInOne(db, values, inserted));
          return done.length > 0 ? true : yield* refused(db);
        });
      }
      return dialect.transaction(function* (tx) {
        if ((yield* count(claim(tx, (name) => values[name]))) === 1) {
          yield* exec(tx.insert(t).values(inserted));
          return true;
        }
        return yield* refused(tx);
      });
    },
    async revokeAccessToken(digest, now) {
      return dialect.run(function* (db) {
        const revoke = db
          .update(t)
          .set({ revokedAt: now })
          .where(and(eq(t.accessTokenDigest, digest), isNull(t.revokedAt)));
        return (yield* count(revoke)) === 1;
      });
    },
    async revokeFamily(familyId, now) {
      return dialect.run(function* (db) {
        const active = and(eq(t.familyId, familyId), isNull(t.revokedAt));
        let revoked = 0;
        for (let round = 0; round < MAX_REVOKE_FAMILY_ROUNDS; round++) {
          revoked += yield* count(db.update(t).set({ revokedAt: now }).where(active));
          // The UPDATE alone can miss a row: when it waits on a row a rotation has locked,
          // it re-checks only that row once the rotation commits (now revoked: skipped),
          // never the row the rotation inserted after the UPDATE's snapshot. Re-running it
          // "until it touches 0 rows" stops right there. So the end is decided by a plain
          // read, which never waits: once a fresh snapshot shows no active row, a rotation
          // still running either locked its row after the revocation committed (it finds it
          // revoked and fails), or before (then the revocation waited for it to commit, and
          // its insert is in the snapshot).
          const left = yield* rows(db.select({ one: sql`1` }).from(t).where(active).limit(1));
          if (left.length === 0) return revoked;
        }
        throw new Error(`revokeFamily: family ${familyId} kept changing`);
      });
    },
    async revokeClientTokens(clientId, now) {
      // revokeFamily's loop, over the client's rows (the client_id index): a rotation running
      // meanwhile inserts a row the first UPDATE's snapshot cannot see.
      return dialect.run(function* (db) {
        const active = and(eq(t.clientId, clientId), isNull(t.revokedAt));
        let revoked = 0;
        for (let round = 0; round < MAX_REVOKE_FAMILY_ROUNDS; round++) {
          revoked += yield* count(db.update(t).set({ revokedAt: now }).where(active));
          const left = yield* rows(db.select({ one: sql`1` }).from(t).where(active).limit(1));
          if (left.length === 0) return revoked;
        }
        throw new Error(`revokeClientTokens: client ${clientId} kept changing`);
      });
    },
    async deleteExpired(now) {
      // `<=` never holds for NULL: a refresh token that never expires keeps its row.
      const expired = and(
        lte(t.accessTokenExpiresAt, now),
        or(isNull(t.refreshTokenDigest), lte(t.refreshTokenExpiresAt, now)),
      );
      return dialect.run((db) => deleteInBatches(db, t, t.accessTokenDigest, expired, batchSize));
    },
  });
}

// A record of every column, for the column list of the prepared insert.
const SAMPLE: TokenRecord = {
  accessTokenDigest: 'a',
  refreshTokenDigest: null,
  familyId: 'f',
  clientId: 'c',
  userId: null,
  scope: '',
  tokenType: 'Bearer',
  grantType: 'client_credentials',
  issuedAt: new Date(0),
  accessTokenExpiresAt: new Date(0),
  refreshTokenExpiresAt: null,
  revokedAt: null,
  rotatedAt: null,
  extensions: {},
};
