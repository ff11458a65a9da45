import type { TokenRecord, TokenStore } from '@oauthkit/core';
import {
  checkedTokenStore,
  fromRecordRow,
  MAX_REVOKE_FAMILY_ROUNDS,
  toRecordRow,
} from '@oauthkit/core/stores';
import {
  type DeleteExpiredOptions,
  deleteInBatches,
  resolveBatchSize,
} from './delete-in-batches.js';
import type { OauthTokenRow, PrismaClientLike } from './prisma-client-like.js';
import { retryOnWriteConflict } from './retry-on-write-conflict.js';

/** Options of {@link createPrismaTokenStore}. */
export interface PrismaTokenStoreOptions extends DeleteExpiredOptions {
  /** Passed to the interactive transaction of `rotateRefreshToken` (Prisma's own defaults). */
  transaction?: { maxWait?: number; timeout?: number };
}

/**
 * A {@link TokenStore} over the `OauthToken` model (`oauth_tokens`). Single-use steps are
 * conditional updates checked by their row count, never a read followed by a write;
 * `deleteExpired` is `deleteMany` with the expiry condition, in batches.
 *
 * @example
 * const tokens = createPrismaTokenStore(prisma);
 * const won = await tokens.rotateRefreshToken(digest, next, new Date());
 */
export function createPrismaTokenStore(
  prisma: Pick<PrismaClientLike, 'oauthToken' | '$transaction'>,
  options: PrismaTokenStoreOptions = {},
): TokenStore {
  const tokens = prisma.oauthToken;
  const batchSize = resolveBatchSize(options);
  // Every argument is checked before any query (`checkedTokenStore`): Prisma drops an
  // `undefined` filter value, which would widen an update to every row.
  return checkedTokenStore({
    async saveToken(record) {
      await tokens.create({ data: toTokenRow(record) });
    },
    async findByAccessToken(accessTokenDigest) {
      const row = await tokens.findUnique({ where: { accessTokenDigest } });
      return row?.accessTokenDigest === accessTokenDigest ? toTokenRecord(row) : null;
    },
    async findByRefreshToken(refreshTokenDigest) {
      const row = await tokens.findUnique({ where: { refreshTokenDigest } });
      return row?.refreshTokenDigest === refreshTokenDigest ? toTokenRecord(row) : null;
    },
    rotateRefreshToken(refreshTokenDigest, next, now, accessOnly) {
      // The conditional UPDATE row-locks the old token: of concurrent rotations, the others
      // wait, re-check the condition after the winner commits and match nothing.
      return retryOnWriteConflict(() =>
        prisma.$transaction(async (tx) => {
          const { count } = await tx.oauthToken.updateMany({
            where: {
              refreshTokenDigest,
              familyId: next.familyId,
              revokedAt: null,
              rotatedAt: null,
            },
            data: { rotatedAt: now, revokedAt: now },
          });
          if (count === 1) {
            await tx.oauthToken.create({ data: toTokenRow(next) });
            if (accessOnly) await tx.oauthToken.create({ data: toTokenRow(accessOnly) });
            return true;
          }
          // Nothing claimed. Only now, off the hot path, tell a caller mistake (`next` of
          // another family, which the UPDATE refused to match) from an ordinary refusal.
          const old = await tx.oauthToken.findUnique({ where: { refreshTokenDigest } });
          if (old?.refreshTokenDigest === refreshTokenDigest && old.familyId !== next.familyId) {
            throw new TypeError('rotateRefreshToken: next must belong to the rotated token family');
          }
          return false;
        }, options.transaction),
      );
    },
    async revokeAccessToken(accessTokenDigest, now) {
      const { count } = await tokens.updateMany({
        where: { accessTokenDigest, revokedAt: null },
        data: { revokedAt: now },
      });
      return count === 1;
    },
    async revokeFamily(familyId, now) {
      // Under READ COMMITTED one UPDATE can miss the token a concurrent rotation inserts: it
      // waits for that rotation's lock on the old token, but its snapshot predates the insert.
      // A rotation that has updated its old token but not committed still shows that token
      // as active to any fresh statement, so a count of 0 active rows taken after our update
      // proves that no rotation of this family can still commit a new token.
      let revoked = 0;
      for (let round = 0; round < MAX_REVOKE_FAMILY_ROUNDS; round++) {
        const { count } = await retryOnWriteConflict(() =>
          tokens.updateMany({ where: { familyId, revokedAt: null }, data: { revokedAt: now } }),
        );
        revoked += count;
        if ((await tokens.count({ where: { familyId, revokedAt: null } })) === 0) return revoked;
      }
      throw new Error(`token family ${familyId} still had active tokens after revocation`);
    },
    async revokeClientTokens(clientId, now) {
      // As revokeFamily: a rotation of one of the client's families may insert a token while
      // the UPDATE runs; counting none active afterwards proves none can still commit.
      let revoked = 0;
      for (let round = 0; round < MAX_REVOKE_FAMILY_ROUNDS; round++) {
        const { count } = await retryOnWriteConflict(() =>
          tokens.updateMany({ where: { clientId, revokedAt: null }, data: { revokedAt: now } }),
        );
        revoked += count;
        if ((await tokens.count({ where: { clientId, revokedAt: null } })) === 0) return revoked;
      }
      throw new Error(`client ${clientId} still had active tokens after revocation`);
    },
    async deleteExpired(now) {
      const at = { lte: now };
      // `lte` never matches a NULL expiry: a refresh token that never expires keeps its row.
      const where = {
        accessTokenExpiresAt: at,
        OR: [{ refreshTokenDigest: null }, { refreshTokenExpiresAt: at }],
      };
      return deleteInBatches((limit) => tokens.deleteMany({ where, limit }), batchSize);
    },
  });
}

// Copied field by field (core's row helpers), so that columns a user added to the model stay
// out of the records.
function toTokenRow(record: TokenRecord): OauthTokenRow {
  return toRecordRow('token', record);
}

function toTokenRecord(row: OauthTokenRow): TokenRecord {
  return fromRecordRow('token', row);
}
