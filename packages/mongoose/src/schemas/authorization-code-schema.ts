import type { AuthorizationCodeRecord } from '@oauthkit/core';
import type { RecordRow } from '@oauthkit/core/stores';
import { Schema } from 'mongoose';
import {
  digestPath,
  nullableDatePath,
  nullableStringPath,
  presentStringPath,
} from './schema-types.js';

/** Where authorization codes live. */
export const AUTHORIZATION_CODES_COLLECTION = 'oauth_authorization_codes';

/**
 * An authorization code document: the contract's {@link AuthorizationCodeRecord}, with
 * `extensions` as its JSON text (`null` for none).
 */
export type AuthorizationCodeDocument = RecordRow<AuthorizationCodeRecord>;

/**
 * Mongoose schema of `oauth_authorization_codes`. Only the code's digest is stored.
 * A consumed code is kept until `expiresAt` so that a replay is recognised; the TTL index then
 * deletes it (MongoDB's monitor runs about once a minute, so deletion may lag that much).
 *
 * @example
 * const AuthorizationCode = connection.model('OAuthAuthorizationCode', authorizationCodeSchema);
 */
export const authorizationCodeSchema = new Schema<AuthorizationCodeDocument>(
  {
    codeDigest: digestPath({ required: true }),
    clientId: { type: String, required: true },
    userId: { type: String, required: true },
    redirectUri: nullableStringPath(),
    scope: presentStringPath('scope'),
    codeChallenge: nullableStringPath(),
    codeChallengeMethod: nullableStringPath(),
    nonce: nullableStringPath(),
    familyId: { type: String, required: true },
    issuedAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
    consumedAt: nullableDatePath(),
    replayedAt: nullableDatePath(),
    // RecordExtensions as one JSON string: its keys (claim names are URLs) never become field
    // names. Missing or null (documents written before it) reads as {}.
    extensions: nullableStringPath(),
  },
  { collection: AUTHORIZATION_CODES_COLLECTION, versionKey: false },
);

authorizationCodeSchema.index({ codeDigest: 1 }, { unique: true });
// A code's own expiry is its deletion time: no separate field needed.
authorizationCodeSchema.index({ expiresAt: 1 }, { expireAfterSeconds: 0 });
