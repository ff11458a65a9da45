import type {
  DecideDeviceCodeResult,
  DeviceCodeStore,
  PollDeviceCodeResult,
  RedeemDeviceCodeResult,
} from '@oauthkit/core';
import { checkedDeviceCodeStore } from '@oauthkit/core/stores';
import type { Model } from 'mongoose';
import {
  decideDeviceCodeQuery,
  deleteExpiredDeviceCodesQuery,
  findDeviceCodeQuery,
  findUserCodeQuery,
  pollDeviceCodeQuery,
  pollWasTooSoon,
  redeemDeviceCodeQuery,
  SLOW_DOWN_INCREMENT_SECONDS,
} from '../queries/device-code-queries.js';
import { toDeviceCodeDocument, toDeviceCodeRecord } from '../records/device-code-record.js';
import type { DeviceCodeDocument } from '../schemas/device-code-schema.js';
import { asCallerError } from './check-arguments.js';

/** MongoDB's duplicate key error on the user-code index (E11000). */
function isUserCodeTaken(error: unknown): boolean {
  const e = error as { code?: unknown; keyPattern?: Record<string, unknown> } | null;
  return e?.code === 11000 && e.keyPattern !== undefined && 'userCodeDigest' in e.keyPattern;
}

/**
 * The {@link DeviceCodeStore} (RFC 8628) over the `oauth_device_codes` model. Every state
 * change is one `findOneAndUpdate` on the document: decisions match `status: 'pending'`,
 * redemptions `status: 'approved', redeemedAt: null`, and a poll is one update pipeline that
 * raises the interval in the same write that records the poll.
 *
 * @example
 * const deviceCodes = createMongooseDeviceCodeStore(registerOAuthModels(connection).DeviceCode);
 */
export function createMongooseDeviceCodeStore(
  DeviceCode: Model<DeviceCodeDocument>,
): DeviceCodeStore {
  return checkedDeviceCodeStore({
    async saveDeviceCode(record) {
      const doc = toDeviceCodeDocument(record);
      try {
        await asCallerError('device code record', () => DeviceCode.create(doc));
        return true;
      } catch (error) {
        // A device code digest already stored rejects (never overwrite).
        if (isUserCodeTaken(error)) return false;
        throw error;
      }
    },
    async findByDeviceCode(digest) {
      const doc = await findDeviceCodeQuery(DeviceCode, digest).exec();
      return doc ? toDeviceCodeRecord(doc) : null;
    },
    async findByUserCode(digest) {
      const doc = await findUserCodeQuery(DeviceCode, digest).exec();
      return doc ? toDeviceCodeRecord(doc) : null;
    },
    async decideDeviceCode(digest, decision, now): Promise<DecideDeviceCodeResult> {
      const decided = await decideDeviceCodeQuery(DeviceCode, digest, decision, now).exec();
      if (decided) return { status: 'decided', record: toDeviceCodeRecord(decided) };
      const current = await findDeviceCodeQuery(DeviceCode, digest).exec();
      return current
        ? { status: 'not_pending', record: toDeviceCodeRecord(current) }
        : { status: 'not_found' };
    },
    async pollDeviceCode(digest, now): Promise<PollDeviceCodeResult> {
      const before = await pollDeviceCodeQuery(DeviceCode, digest, now).exec();
      if (!before) return { status: 'not_found' };
      const tooSoon = pollWasTooSoon(before, now);
      const interval = before.interval + (tooSoon ? SLOW_DOWN_INCREMENT_SECONDS : 0);
      const record = { ...toDeviceCodeRecord(before), interval, lastPolledAt: now };
      return { status: tooSoon ? 'slow_down' : 'polled', record };
    },
    async redeemDeviceCode(digest, now): Promise<RedeemDeviceCodeResult> {
      const redeemed = await redeemDeviceCodeQuery(DeviceCode, digest, now).exec();
      if (redeemed) return { status: 'redeemed', record: toDeviceCodeRecord(redeemed) };
      const current = await findDeviceCodeQuery(DeviceCode, digest).exec();
      return current
        ? { status: 'not_redeemable', record: toDeviceCodeRecord(current) }
        : { status: 'not_found' };
    },
    async deleteExpired(now) {
      return (await deleteExpiredDeviceCodesQuery(DeviceCode, now).exec()).deletedCount;
    },
  });
}
