import { Schema } from 'mongoose';

/** Where the PushedRequestStore keeps pushed authorization requests (RFC 9126). */
export const PUSHED_REQUESTS_COLLECTION = 'oauth_pushed_requests';

/**
 * A pushed authorization request: `_id` is the digest of its `request_uri` (its uniqueness
 * refuses a second record), the client that pushed it, its form-encoded parameters.
 */
export interface PushedRequestDocument {
  _id: string;
  clientId: string;
  parameters: string;
  issuedAt: Date;
  expiresAt: Date;
}

/**
 * Mongoose schema of `oauth_pushed_requests`. The TTL index drops a request once it has
 * expired (MongoDB's monitor runs about once a minute; the server checks `expiresAt` itself).
 *
 * @example
 * const PushedRequest = connection.model('OAuthPushedRequest', pushedRequestSchema);
 */
export const pushedRequestSchema = new Schema<PushedRequestDocument>(
  {
    _id: { type: String, required: true },
    clientId: { type: String, required: true },
    parameters: { type: String, required: true },
    issuedAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
  },
  { collection: PUSHED_REQUESTS_COLLECTION, versionKey: false },
);

pushedRequestSchema.index({ expiresAt: 1 }, { expireAfterSeconds: 0 });
