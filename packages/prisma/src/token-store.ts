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
import { type PostgresSqlOptions, postgresSql } from './postgres-sql.js';
import type { OauthTokenRow, PrismaClientLike } from './prisma-client-like.js';
import { retryOnWriteConflict } from './retry-on-write-conflict.js';

/** Options of {@link createPrismaTokenStore}. */
export interface PrismaTokenStoreOptions extends DeleteExpiredOptions, PostgresSqlOptions {
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
  // PostgreSQL: the hot-path statements as raw SQL (see postgresSql); elsewhere the delegates.
  const sql = postgresSql(prisma, options, 'createPrismaTokenStore');
  // Tells a caller mistake (`next` of another family, which the claim refused to match) from
  // an ordinary refusal, only once nothing was claimed: off the hot path.
  async function checkFamily(refreshTokenDigest: string, next: TokenRecord): Promise<false> {
    const old = await tokens.findUnique({ where: { refreshTokenDigest } });
    if (old?.refreshTokenDigest === refreshTokenDigest && old.familyId !== next.familyId) {
      throw new TypeError('rotateRefreshToken: next must belong to the rotated token family');
    }
    return false;
  }
  // Every argument is checked before any query (`checkedTokenStore`): Prisma drops an
  // `undefined` filter value, which would widen an update to every row.
  const store = checkedTokenStore({
    async saveToken(record) {
      if (sql) return sql.saveToken(record);
      await tokens.create({ data: toTokenRow(record) });
    },
    async findByAccessToken(accessTokenDigest) {
      const row = sql
        ? await sql.findToken('access', accessTokenDigest)
        : await tokens.findUnique({ where: { accessTokenDigest } });
      return row?.accessTokenDigest === accessTokenDigest ? toTokenRecord(row) : null;
    },
    async findByRefreshToken(refreshTokenDigest) {
      const row = sql
        ? await sql.findToken('refresh', refreshTokenDigest)
        : await tokens.findUnique({ where: { refreshTokenDigest } });
      return row?.refreshTokenDigest === refreshTokenDigest ? toTokenRecord(row) : null;
    },
    async rotateRefreshToken(refreshTokenDigest, next, now, accessOnly) {
      if (sql) {
        // One statement: the conditional UPDATE claims the old token (row-locking it, so that
        // concurrent rotations wait and then match nothing) and the INSERT that follows it in
        // the same statement writes the new tokens only when the claim matched.
        const claimed = await retryOnWriteConflict(() =>
          sql.rotateToken(
            refreshTokenDigest,
            now,
            next.familyId,
            accessOnly ? [next, accessOnly] : [next],
          ),
        );
        return claimed || checkFamily(refreshTokenDigest, next);
      }
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
          return false;
        }, options.transaction),
      ).then((claimed) => claimed || checkFamily(refreshTokenDigest, next));
    },
    async revokeAccessToken(accessTokenDigest, now) {
      if (sql) return sql.revokeAccessToken(accessTokenDigest, now);
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
  tokenStoreClients.set(store, prisma);
  return store;
}

// The client each token store writes through, so that a code store on the same client can
// save a token in its own transaction (AuthorizationCodeStore.redeemCode).
const tokenStoreClients = new WeakMap<TokenStore, object>();

/** Whether `tokens` is a token store this package made over `prisma`. */
export function isPrismaTokenStoreOf(tokens: TokenStore, prisma: object): boolean {
  return tokenStoreClients.get(tokens) === prisma;
}

// Copied field by field (core's row helpers), so that columns a user added to the model stay
// out of the records.
function toTokenRow(record: TokenRecord): OauthTokenRow {
  return toRecordRow('token', record);
}

function toTokenRecord(row: OauthTokenRow): TokenRecord {
  return fromRecordRow('token', row);
}
