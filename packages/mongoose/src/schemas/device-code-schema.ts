import type { DeviceCodeRecord } from '@oauthkit/core';
import type { RecordRow } from '@oauthkit/core/stores';
import { Schema } from 'mongoose';
import {
  digestPath,
  nullableDatePath,
  nullableStringPath,
  presentStringPath,
} from './schema-types.js';

/** Where device authorizations (RFC 8628) live. */
export const DEVICE_CODES_COLLECTION = 'oauth_device_codes';

/**
 * A device authorization document: the contract's {@link DeviceCodeRecord}, with `extensions`
 * as its JSON text (`null` for none).
 */
export type DeviceCodeDocument = RecordRow<DeviceCodeRecord>;

/**
 * Mongoose schema of `oauth_device_codes` (RFC 8628). Only the digests of the device code and
 * of the normalised user code are stored, each under a unique index: a second record with a
 * user code already held is refused (`saveDeviceCode` answers `false`). Every state change is
 * one `findOneAndUpdate` whose filter is the state it changes from. The TTL index deletes a
 * record at its `expiresAt`, whatever its status (MongoDB's monitor runs about once a minute).
 *
 * @example
 * const DeviceCode = connection.model('OAuthDeviceCode', deviceCodeSchema);
 */
export const deviceCodeSchema = new Schema<DeviceCodeDocument>(
  {
    deviceCodeDigest: digestPath({ required: true }),
    userCodeDigest: digestPath({ required: true }),
    clientId: { type: String, required: true },
    scope: presentStringPath('scope'),
    familyId: { type: String, required: true },
    issuedAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
    // Seconds between polls (RFC 8628 3.5): a positive whole number.
    interval: {
      type: Number,
      required: true,
      validate: {
        validator: (value: unknown) => Number.isSafeInteger(value) && (value as number) > 0,
        message: '{PATH} must be a positive whole number of seconds',
        type: 'interval',
      },
    },
    status: { type: String, required: true, enum: ['pending', 'approved', 'denied'] },
    userId: nullableStringPath(),
    grantedScope: nullableStringPath(),
    decidedAt: nullableDatePath(),
    lastPolledAt: nullableDatePath(),
    redeemedAt: nullableDatePath(),
    // RecordExtensions as one JSON string, set at approval; missing or null reads as {}.
    extensions: nullableStringPath(),
  },
  { collection: DEVICE_CODES_COLLECTION, versionKey: false },
);

deviceCodeSchema.index({ deviceCodeDigest: 1 }, { unique: true });
deviceCodeSchema.index({ userCodeDigest: 1 }, { unique: true });
// A record's own expiry is its deletion time, whatever its status.
deviceCodeSchema.index({ expiresAt: 1 }, { expireAfterSeconds: 0 });
