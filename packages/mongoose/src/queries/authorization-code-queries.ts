import type { Model } from 'mongoose';
import type { AuthorizationCodeDocument } from '../schemas/authorization-code-schema.js';

export function findCodeQuery(Code: Model<AuthorizationCodeDocument>, codeDigest: string) {
  return Code.findOne({ codeDigest }).lean<AuthorizationCodeDocument>();
}

/**
 * The one atomic step that decides who redeems a code: it matches only while `consumedAt`
 * is unset and returns the document as it was before, so exactly one caller gets it back.
 */
export function consumeCodeQuery(
  Code: Model<AuthorizationCodeDocument>,
  codeDigest: string,
  now: Date,
) {
  return Code.findOneAndUpdate(
    { codeDigest, consumedAt: null },
    { $set: { consumedAt: now } },
    { returnDocument: 'before' },
  ).lean<AuthorizationCodeDocument>();
}

/** Records the first replay of a consumed code; later replays leave `replayedAt` alone. */
export function markCodeReplayedQuery(
  Code: Model<AuthorizationCodeDocument>,
  codeDigest: string,
  now: Date,
) {
  return Code.updateOne(
    { codeDigest, consumedAt: { $ne: null }, replayedAt: null },
    { $set: { replayedAt: now } },
  );
}

/** The codes expired at `now`, consumed or not, on the TTL index of `expiresAt`. */
export function deleteExpiredCodesQuery(Code: Model<AuthorizationCodeDocument>, now: Date) {
  return Code.deleteMany({ expiresAt: { $lte: now } });
}
