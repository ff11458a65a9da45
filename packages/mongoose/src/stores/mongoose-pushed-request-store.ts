import type { PushedRequestRecord, PushedRequestStore } from '@oauthkit/core';
import { checkedPushedRequestStore } from '@oauthkit/core/stores';
import type { Connection, Model } from 'mongoose';
import {
  consumePushedRequestQuery,
  deleteExpiredPushedRequestsQuery,
  findPushedRequestQuery,
} from '../queries/pushed-request-queries.js';
import {
  type PushedRequestDocument,
  pushedRequestSchema,
} from '../schemas/pushed-request-schema.js';

/** The name the pushed request model is registered under on a connection. */
export const PUSHED_REQUEST_MODEL_NAME = 'OAuthPushedRequest';

/**
 * A `PushedRequestStore` (RFC 9126) over MongoDB, on your own Mongoose connection:
 * collection `oauth_pushed_requests`, `_id` = the digest of the `request_uri`, a TTL index on
 * `expiresAt`. A duplicate `_id` makes the insert fail (never an overwrite); using a request
 * is one `findOneAndDelete` on `_id` and `clientId`, so exactly one of concurrent calls gets
 * it. `createMongooseStores` includes it.
 *
 * @example
 * const pushedRequests = createMongoosePushedRequestStore(connection);
 */
export function createMongoosePushedRequestStore(connection: Connection): PushedRequestStore {
  if (
    connection === null ||
    typeof connection !== 'object' ||
    typeof connection.model !== 'function'
  ) {
    throw new TypeError('createMongoosePushedRequestStore expects a Mongoose Connection');
  }
  return pushedRequestStoreOver(registerPushedRequestModel(connection));
}

/** The store over a registered model (what `createMongooseStores` wraps in its index gate). */
export function pushedRequestStoreOver(Model: Model<PushedRequestDocument>): PushedRequestStore {
  const toRecord = (d: PushedRequestDocument): PushedRequestRecord => ({
    requestUriDigest: d._id,
    clientId: d.clientId,
    parameters: d.parameters,
    issuedAt: d.issuedAt,
    expiresAt: d.expiresAt,
  });
  return checkedPushedRequestStore({
    async savePushedRequest(record) {
      await Model.create({
        _id: record.requestUriDigest,
        clientId: record.clientId,
        parameters: record.parameters,
        issuedAt: record.issuedAt,
        expiresAt: record.expiresAt,
      });
    },
    async findPushedRequest(digest) {
      const doc = await findPushedRequestQuery(Model, digest).exec();
      return doc ? toRecord(doc) : null;
    },
    async consumePushedRequest(digest, clientId) {
      const doc = await consumePushedRequestQuery(Model, digest, clientId).exec();
      return doc ? toRecord(doc) : null;
    },
    async deleteExpired(now) {
      return (await deleteExpiredPushedRequestsQuery(Model, now).exec()).deletedCount;
    },
  });
}

/** The pushed request model on `connection`, registered on first use. */
export function registerPushedRequestModel(connection: Connection): Model<PushedRequestDocument> {
  const existing = connection.models[PUSHED_REQUEST_MODEL_NAME] as
    | Model<PushedRequestDocument>
    | undefined;
  if (existing === undefined) {
    return connection.model<PushedRequestDocument>(PUSHED_REQUEST_MODEL_NAME, pushedRequestSchema);
  }
  if (existing.collection.collectionName !== pushedRequestSchema.get('collection')) {
    throw new TypeError(
      `model ${PUSHED_REQUEST_MODEL_NAME} is already registered on this connection for collection ` +
        `${existing.collection.collectionName}`,
    );
  }
  return existing;
}
