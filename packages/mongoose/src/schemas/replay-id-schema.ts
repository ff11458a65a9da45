import { Schema } from 'mongoose';

/** Where the ReplayStore keeps single-use identifiers. */
export const REPLAY_IDS_COLLECTION = 'oauth_replay_ids';

/**
 * A single-use identifier: `_id` is `<namespace>:<id>` (its uniqueness is what refuses a
 * second use), `expiresAt` when it may be forgotten.
 */
export interface ReplayIdDocument {
  _id: string;
  expiresAt: Date;
}

/**
 * Mongoose schema of `oauth_replay_ids`. The TTL index drops an id once it has expired
 * (MongoDB's monitor runs about once a minute; `useOnce` takes over an expired id itself).
 *
 * @example
 * const ReplayId = connection.model('OAuthReplayId', replayIdSchema);
 */
export const replayIdSchema = new Schema<ReplayIdDocument>(
  {
    _id: { type: String, required: true },
    expiresAt: { type: Date, required: true },
  },
  { collection: REPLAY_IDS_COLLECTION, versionKey: false },
);

replayIdSchema.index({ expiresAt: 1 }, { expireAfterSeconds: 0 });
