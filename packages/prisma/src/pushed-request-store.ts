import type { PushedRequestRecord, PushedRequestStore } from '@oauthkit/core';
import { checkedPushedRequestStore } from '@oauthkit/core/stores';
import {
  type DeleteExpiredOptions,
  deleteInBatches,
  resolveBatchSize,
} from './delete-in-batches.js';
import { retryOnWriteConflict } from './retry-on-write-conflict.js';

/** A row of the `OauthPushedRequest` model (`oauth_pushed_requests`): the record as it is. */
export type OauthPushedRequestRow = PushedRequestRecord;

/** The `OauthPushedRequest` delegate, as `createPrismaPushedRequestStore` uses it. */
export interface OauthPushedRequestDelegate {
  create(args: { data: OauthPushedRequestRow }): PromiseLike<unknown>;
  findUnique(args: {
    where: { requestUriDigest: string };
  }): PromiseLike<OauthPushedRequestRow | null>;
  deleteMany(args: {
    where: { requestUriDigest: string; clientId: string } | { expiresAt: { lte: Date } };
    limit?: number;
  }): PromiseLike<{ count: number }>;
}

/** Options of {@link createPrismaPushedRequestStore}. */
export interface PrismaPushedRequestStoreOptions extends DeleteExpiredOptions {}

/**
 * A `PushedRequestStore` (RFC 9126) over the `OauthPushedRequest` model
 * (`oauth_pushed_requests`, migration `20261219000000_pushed_authorization_requests`).
 * Records never change, so `consumePushedRequest` reads the row, then deletes it with one
 * `DELETE ... WHERE request_uri_digest = ? AND client_id = ?`: of concurrent calls only the
 * one whose DELETE removed the row (count 1) answers it; another client's call deletes nothing.
 *
 * @example
 * const server = createAuthorizationServer({
 *   ...createPrismaStores(prisma),
 *   pushedRequests: createPrismaPushedRequestStore(prisma),
 *   config: { issuer, pushedAuthorizationRequests: {} },
 * });
 */
export function createPrismaPushedRequestStore(
  prisma: { oauthPushedRequest: OauthPushedRequestDelegate },
  options: PrismaPushedRequestStoreOptions = {},
): PushedRequestStore {
  if (prisma === null || typeof prisma !== 'object' || !prisma.oauthPushedRequest) {
    throw new TypeError(
      'createPrismaPushedRequestStore needs a Prisma client generated from the OauthPushedRequest model',
    );
  }
  const rows = prisma.oauthPushedRequest;
  const batchSize = resolveBatchSize(options);
  const fromRow = (r: OauthPushedRequestRow): PushedRequestRecord => ({
    requestUriDigest: r.requestUriDigest,
    clientId: r.clientId,
    parameters: r.parameters,
    issuedAt: r.issuedAt,
    expiresAt: r.expiresAt,
  });
  return checkedPushedRequestStore({
    async savePushedRequest(record) {
      // A duplicate key rejects: a record is never overwritten.
      await retryOnWriteConflict(() => rows.create({ data: fromRow(record) }));
    },
    async findPushedRequest(requestUriDigest) {
      const row = await rows.findUnique({ where: { requestUriDigest } });
      return row ? fromRow(row) : null;
    },
    async consumePushedRequest(requestUriDigest, clientId) {
      const row = await rows.findUnique({ where: { requestUriDigest } });
      if (!row || row.clientId !== clientId) return null;
      const { count } = await retryOnWriteConflict(() =>
        rows.deleteMany({ where: { requestUriDigest, clientId } }),
      );
      return count === 1 ? fromRow(row) : null;
    },
    async deleteExpired(now) {
      const where = { expiresAt: { lte: now } };
      return deleteInBatches((limit) => rows.deleteMany({ where, limit }), batchSize);
    },
  });
}
