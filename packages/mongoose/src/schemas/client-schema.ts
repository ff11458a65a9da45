import type { ClientMetadata, ClientRecord } from '@oauthkit/core';
import { Schema } from 'mongoose';
import {
  digestPath,
  nullableDatePath,
  presentStringPath,
  requiredStringArrayPath,
} from './schema-types.js';

/** Where clients live. */
export const CLIENTS_COLLECTION = 'oauth_clients';

/** A client document: exactly the contract's {@link ClientRecord}. */
export type ClientDocument = ClientRecord;

/**
 * The registered metadata (RFC 7591 2), kept as one sub-document like every other store keeps
 * it as one JSON value. `strict: false` keeps fields a later core version adds.
 */
export const clientMetadataSchema = new Schema<ClientMetadata>(
  {
    redirectUris: requiredStringArrayPath(),
    grantTypes: requiredStringArrayPath(),
    responseTypes: requiredStringArrayPath(),
    scope: presentStringPath('scope'),
    tokenEndpointAuthMethod: { type: String, required: true },
    clientName: String,
    clientUri: String,
    logoUri: String,
    // An optional array must not default to `[]`, or a saved client reads back changed.
    contacts: { type: [String], default: undefined },
  },
  { _id: false, strict: false },
);

/**
 * Mongoose schema of `oauth_clients`. Only the digest of the secret is stored.
 *
 * @example
 * const Client = connection.model('OAuthClient', clientSchema);
 */
export const clientSchema = new Schema<ClientDocument>(
  {
    clientId: { type: String, required: true },
    clientSecretDigest: digestPath({ required: false }),
    clientIdIssuedAt: { type: Date, required: true },
    clientSecretExpiresAt: nullableDatePath(),
    metadata: { type: clientMetadataSchema, required: true },
    /** RFC 7592: digest of the registration access token; `null` for other clients. */
    registrationAccessTokenDigest: digestPath({ required: false }),
  },
  { collection: CLIENTS_COLLECTION, versionKey: false },
);

clientSchema.index({ clientId: 1 }, { unique: true });
