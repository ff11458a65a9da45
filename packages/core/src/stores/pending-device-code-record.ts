import type { DeviceCodeRecord } from './device-code-store.js';

/** What a new device code record is made of: all that is known before the user decides. */
export type NewDeviceCodeFields = Pick<
  DeviceCodeRecord,
  | 'deviceCodeDigest'
  | 'userCodeDigest'
  | 'clientId'
  | 'scope'
  | 'familyId'
  | 'issuedAt'
  | 'expiresAt'
  | 'interval'
  | 'extensions'
>;

/**
 * A new device code record, as `saveDeviceCode` takes it: `pending`, undecided, never polled
 * or redeemed (every later state is reached through the store's own atomic operations).
 *
 * @example
 * await store.saveDeviceCode(pendingDeviceCodeRecord({ deviceCodeDigest, userCodeDigest, ... }));
 */
export function pendingDeviceCodeRecord(fields: NewDeviceCodeFields): DeviceCodeRecord {
  return {
    ...fields,
    status: 'pending',
    userId: null,
    grantedScope: null,
    decidedAt: null,
    lastPolledAt: null,
    redeemedAt: null,
  };
}
