import type { Model } from 'mongoose';
import type { ReplayIdDocument } from '../schemas/replay-id-schema.js';

/**
 * The one atomic step of `useOnce`: an upsert on `_id` that matches only an expired
 * document. A new id is inserted; an expired one is taken over (`modifiedCount` 1); a live
 * one matches nothing, so the upsert's insert fails on the duplicate `_id` (E11000): used.
 * Of concurrent calls, one inserts or updates; the document then no longer matches the
 * others, whose inserts fail on the duplicate key.
 */
export function useOnceQuery(
  ReplayId: Model<ReplayIdDocument>,
  key: string,
  expiresAt: Date,
  now: Date,
) {
  return ReplayId.updateOne(
    { _id: key, expiresAt: { $lte: now } },
    { $set: { expiresAt } },
    { upsert: true },
  );
}

/** The ids expired at `now`, on the TTL index of `expiresAt`. */
export function deleteExpiredReplayIdsQuery(ReplayId: Model<ReplayIdDocument>, now: Date) {
  return ReplayId.deleteMany({ expiresAt: { $lte: now } });
}
