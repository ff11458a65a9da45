import type { TokenRecord, TokenStore } from '@oauthkit/core';
import { checkedTokenStore, MAX_REVOKE_FAMILY_ROUNDS } from '@oauthkit/core/stores';
import type { Connection, Model } from 'mongoose';
import {
  claimRefreshTokenQuery,
  deleteExpiredTokensQuery,
  deleteTokenQuery,
  findByAccessTokenQuery,
  findByRefreshTokenQuery,
  revokeAccessTokenQuery,
  revokeClientTokensQuery,
  revokeFamilyQuery,
  settleTokenQuery,
} from '../queries/token-queries.js';
import { toTokenDocument, toTokenRecord } from '../records/token-record.js';
import { PROVISIONAL_TOKEN_TTL_MS, type TokenDocument } from '../schemas/token-schema.js';
import { asCallerError } from './check-arguments.js';
import { callTimedOut } from './serve-when-ready.js';

/**
 * The {@link TokenStore} over the `oauth_tokens` model.
 *
 * `rotateRefreshToken` runs in a transaction when `useTransactions()` resolves `true`. Without
 * transactions it inserts the new record first and then claims the old refresh token with one
 * conditional update; a lost claim deletes the new record again. That order (not claim, then
 * insert) is what lets `revokeFamily` keep its promise: the new record exists before the old
 * one stops being active, so a revocation pass that still finds the old one active is
 * followed by another pass that finds the new one. The price: for a moment a losing call's
 * record exists; its token was never handed out, and it is gone when the call resolves.
 * A new record that would outlive {@link PROVISIONAL_TOKEN_TTL_MS} is inserted as
 * provisional (that short TTL date) and settled to its real one only once the claim won, so
 * a process that dies mid-rotation leaves nothing behind for longer than that.
 *
 * @example
 * const tokens = createMongooseTokenStore(connection, registerOAuthModels(connection).Token, async () => false);
 */
export function createMongooseTokenStore(
  connection: Connection,
  Token: Model<TokenDocument>,
  useTransactions: () => Promise<boolean>,
): TokenStore {
  async function insert(doc: TokenDocument): Promise<void> {
    await asCallerError('token record', () => Token.create(doc));
  }

  async function rotateInTransaction(digest: string, docs: TokenDocument[], now: Date) {
    // Validate before the transaction so a bad record is a TypeError, not an aborted commit.
    for (const doc of docs) await asCallerError('token record', () => new Token(doc).validate());
    return connection.transaction(async (session) => {
      const claim = await claimRefreshTokenQuery(Token, digest, docs[0]!.familyId, now)
        .session(session)
        .exec();
      if (claim.modifiedCount !== 1) return false;
      await Token.create(docs, { session, ordered: true });
      return true;
    });
  }

  async function rotateWithCompensation(digest: string, docs: TokenDocument[], now: Date) {
    const provisionalUntil = new Date(now.getTime() + PROVISIONAL_TOKEN_TTL_MS);
    const inserted: TokenDocument[] = [];
    let won = false;
    try {
      for (const doc of docs) {
        await insert(outlives(doc, provisionalUntil) ? provisional(doc, provisionalUntil) : doc);
        inserted.push(doc);
      }
      const claim = await claimRefreshTokenQuery(Token, digest, docs[0]!.familyId, now).exec();
      won = claim.modifiedCount === 1;
    } finally {
      // On a failed claim we cannot know whether it applied; removing the unsent tokens is
      // the fail-closed answer either way.
      if (!won) {
        for (const doc of inserted) await deleteTokenQuery(Token, doc.accessTokenDigest).exec();
      }
    }
    if (won) {
      // A failure here rejects after the commit (the answer is lost): the records stay
      // provisional and their short TTL removes them, their tokens never handed out.
      for (const doc of inserted.filter((d) => outlives(d, provisionalUntil))) {
        // The caller was already told the rotation failed: its records stay provisional.
        if (callTimedOut()) throw new Error('rotateRefreshToken: timed out before settling');
        const settled = await settleTokenQuery(Token, doc.accessTokenDigest, doc.expireAt).exec();
        if (settled.matchedCount !== 1) {
          throw new Error('rotateRefreshToken: the new record expired before it was settled');
        }
      }
    }
    return won;
  }

  // Nothing claimed. Only now, off the hot path, tell a caller mistake (`next` of another
  // family, which the claim refused to match) from an ordinary refusal.
  async function refuseOtherFamily(digest: string, next: TokenRecord): Promise<void> {
    const old = await findByRefreshTokenQuery(Token, digest).exec();
    if (old && old.familyId !== next.familyId) {
      throw new TypeError('rotateRefreshToken: next must belong to the rotated token family');
    }
  }

  return checkedTokenStore({
    async saveToken(record) {
      await insert(toTokenDocument(record));
    },
    async findByAccessToken(accessTokenDigest) {
      const doc = await findByAccessTokenQuery(Token, accessTokenDigest).exec();
      return doc ? toTokenRecord(doc) : null;
    },
    async findByRefreshToken(refreshTokenDigest) {
      const doc = await findByRefreshTokenQuery(Token, refreshTokenDigest).exec();
      return doc ? toTokenRecord(doc) : null;
    },
    async rotateRefreshToken(refreshTokenDigest, next, now, accessOnly) {
      const docs = [next, ...(accessOnly ? [accessOnly] : [])].map(toTokenDocument);
      const won = (await useTransactions())
        ? await rotateInTransaction(refreshTokenDigest, docs, now)
        : await rotateWithCompensation(refreshTokenDigest, docs, now);
      if (!won) await refuseOtherFamily(refreshTokenDigest, next);
      return won;
    },
    async revokeAccessToken(accessTokenDigest, now) {
      const result = await revokeAccessTokenQuery(Token, accessTokenDigest, now).exec();
      return result.modifiedCount === 1;
    },
    async revokeFamily(familyId, now) {
      // One updateMany is not a snapshot: a record committed by a concurrent rotation while
      // it runs can be missed. Repeat until a pass finds nothing left to revoke, a bounded
      // number of times: a family still growing after that fails closed.
      let revoked = 0;
      for (let round = 0; round < MAX_REVOKE_FAMILY_ROUNDS; round++) {
        const pass = await revokeFamilyQuery(Token, familyId, now).exec();
        if (pass.modifiedCount === 0) return revoked;
        revoked += pass.modifiedCount;
      }
      throw new Error(`revokeFamily: family ${familyId} kept changing`);
    },
    async revokeClientTokens(clientId, now) {
      // revokeFamily's passes, over the client's records.
      let revoked = 0;
      for (let round = 0; round < MAX_REVOKE_FAMILY_ROUNDS; round++) {
        const pass = await revokeClientTokensQuery(Token, clientId, now).exec();
        if (pass.modifiedCount === 0) return revoked;
        revoked += pass.modifiedCount;
      }
      throw new Error(`revokeClientTokens: client ${clientId} kept changing`);
    },
    async deleteExpired(now) {
      // An invalid `now` would be dropped by Mongoose and the filter would match every token.
      return (await deleteExpiredTokensQuery(Token, now).exec()).deletedCount;
    },
  });
}

/** Whether a record's own TTL date lies beyond `until` (`null`: it never expires). */
function outlives(doc: TokenDocument, until: Date): boolean {
  return doc.expireAt === null || doc.expireAt > until;
}

/** The document inserted first by a rotation without transactions: short-lived until settled. */
function provisional(doc: TokenDocument, until: Date): TokenDocument {
  return { ...doc, expireAt: until, provisional: true };
}
