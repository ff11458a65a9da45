import type { PushedRequestRecord, PushedRequestStore } from '@oauthkit/core';
import { checkedPushedRequestStore, resolveDeleteExpiredBatchSize } from '@oauthkit/core/stores';
import { and, eq, lte } from 'drizzle-orm';
import { deleteInBatches } from './delete-in-batches.js';
import { type DrizzleDatabase, detectDialect } from './dialects/detect-dialect.js';
import type { Dialect, QueryDb } from './dialects/dialect.js';
import { count, exec, type Operation, rows } from './operation.js';

/** Options of {@link createDrizzlePushedRequestStore}. */
export interface DrizzlePushedRequestStoreOptions {
  /**
   * Rows one DELETE statement of `deleteExpired` removes at most (default 1000): each batch is
   * its own short transaction.
   */
  deleteExpiredBatchSize?: number;
}

/**
 * A `PushedRequestStore` (RFC 9126) over the `oauth_pushed_requests` table (migration
 * `0003_pushed_authorization_requests` of every dialect). Rows never change; using one is
 * one DELETE on its digest and client:
 *
 * - PostgreSQL and SQLite: `DELETE ... WHERE request_uri_digest = ? AND client_id = ?
 *   RETURNING *`: the row comes back to the one call that deleted it.
 * - MySQL/MariaDB: the row is read, then the same DELETE runs; only the call whose DELETE
 *   removed it (one affected row) answers the row it read.
 *
 * Another client's call deletes nothing.
 *
 * @example
 * const server = createAuthorizationServer({
 *   ...createDrizzleStores(db), // pushedRequests included
 *   config: { issuer, pushedAuthorizationRequests: {} },
 * });
 */
export function createDrizzlePushedRequestStore(
  db: DrizzleDatabase,
  options: DrizzlePushedRequestStoreOptions = {},
): PushedRequestStore {
  const dialect = detectDialect(db);
  if (typeof options !== 'object' || options === null) {
    throw new TypeError('createDrizzlePushedRequestStore: options must be an object');
  }
  return createPushedRequestStore(
    dialect,
    resolveDeleteExpiredBatchSize(options.deleteExpiredBatchSize),
  );
}

/** The store over a detected dialect, as `createDrizzleStores` builds it. */
export function createPushedRequestStore(dialect: Dialect, batchSize: number): PushedRequestStore {
  const t = dialect.tables.pushedRequests;
  const toRecord = (row: PushedRequestRecord): PushedRequestRecord => ({
    requestUriDigest: row.requestUriDigest,
    clientId: row.clientId,
    parameters: row.parameters,
    issuedAt: row.issuedAt,
    expiresAt: row.expiresAt,
  });

  function* find(db: QueryDb, digest: string): Operation<PushedRequestRecord | null> {
    const [row] = yield* rows<PushedRequestRecord>(
      db.select().from(t).where(eq(t.requestUriDigest, digest)).limit(1),
    );
    return row ? toRecord(row) : null;
  }

  return checkedPushedRequestStore({
    async savePushedRequest(record) {
      // The primary key refuses a second record with the digest: never overwritten.
      await dialect.run(function* (db) {
        yield* exec(db.insert(t).values(toRecord(record)));
      });
    },
    async findPushedRequest(digest) {
      return dialect.run((db) => find(db, digest));
    },
    async consumePushedRequest(digest, clientId) {
      return dialect.run(function* (db) {
        const mine = and(eq(t.requestUriDigest, digest), eq(t.clientId, clientId));
        if (dialect.returning) {
          const [row] = yield* rows<PushedRequestRecord>(db.delete(t).where(mine).returning());
          return row ? toRecord(row) : null;
        }
        const row = yield* find(db, digest);
        if (!row || row.clientId !== clientId) return null;
        return (yield* count(db.delete(t).where(mine))) === 1 ? row : null;
      });
    },
    async deleteExpired(now) {
      const expired = lte(t.expiresAt, now);
      return dialect.run((q) => deleteInBatches(q, t, t.requestUriDigest, expired, batchSize));
    },
  });
}
