import type { Model } from 'mongoose';
import type { PushedRequestDocument } from '../schemas/pushed-request-schema.js';

/** The request by the digest of its `request_uri`. */
export function findPushedRequestQuery(Model: Model<PushedRequestDocument>, digest: string) {
  return Model.findOne({ _id: digest }).lean<PushedRequestDocument>();
}

/**
 * The one atomic step of `consumePushedRequest`: a `findOneAndDelete` on `_id` and
 * `clientId`. Of concurrent calls one deletes the document and gets it back; another
 * client's call matches nothing and leaves it.
 */
export function consumePushedRequestQuery(
  Model: Model<PushedRequestDocument>,
  digest: string,
  clientId: string,
) {
  return Model.findOneAndDelete({ _id: digest, clientId }).lean<PushedRequestDocument>();
}

/** The requests expired at `now`, on the TTL index of `expiresAt`. */
export function deleteExpiredPushedRequestsQuery(Model: Model<PushedRequestDocument>, now: Date) {
  return Model.deleteMany({ expiresAt: { $lte: now } });
}
