import type { DeviceCodeDecision } from '@oauthkit/core';
import { deviceCodeDecisionRow } from '@oauthkit/core/stores';
import type { Model } from 'mongoose';
import type { DeviceCodeDocument } from '../schemas/device-code-schema.js';

/** RFC 8628 3.5: "the interval MUST be increased by 5 seconds for all subsequent requests". */
export const SLOW_DOWN_INCREMENT_SECONDS = 5;

export function findDeviceCodeQuery(DeviceCode: Model<DeviceCodeDocument>, digest: string) {
  return DeviceCode.findOne({ deviceCodeDigest: digest }).lean<DeviceCodeDocument>();
}

export function findUserCodeQuery(DeviceCode: Model<DeviceCodeDocument>, digest: string) {
  return DeviceCode.findOne({ userCodeDigest: digest }).lean<DeviceCodeDocument>();
}

/**
 * The one atomic step that records the user's answer: it matches only a pending record, so
 * of concurrent decisions exactly one gets the document (as it is after the change) back.
 */
export function decideDeviceCodeQuery(
  DeviceCode: Model<DeviceCodeDocument>,
  digest: string,
  decision: DeviceCodeDecision,
  now: Date,
) {
  const $set = deviceCodeDecisionRow(decision, now);
  return DeviceCode.findOneAndUpdate(
    { deviceCodeDigest: digest, status: 'pending' },
    { $set },
    { returnDocument: 'after' },
  ).lean<DeviceCodeDocument>();
}

/**
 * Counts a poll in one atomic update of the document (an update pipeline): `lastPolledAt =
 * now`, and `interval + 5` when the previous poll was less than `interval` seconds before
 * `now`. It returns the document as it was before, from which the caller tells `polled` from
 * `slow_down` with {@link pollWasTooSoon}: the same test on the same values. The status is
 * never written, so a poll cannot undo an approval.
 */
export function pollDeviceCodeQuery(
  DeviceCode: Model<DeviceCodeDocument>,
  digest: string,
  now: Date,
) {
  // `$gt: null` is false for both null and a missing field; dates sort after null.
  const tooSoon = {
    $and: [
      { $gt: ['$lastPolledAt', null] },
      { $lt: [{ $subtract: [now, '$lastPolledAt'] }, { $multiply: ['$interval', 1000] }] },
    ],
  };
  const interval = {
    $cond: [tooSoon, { $add: ['$interval', SLOW_DOWN_INCREMENT_SECONDS] }, '$interval'],
  };
  return DeviceCode.findOneAndUpdate(
    { deviceCodeDigest: digest },
    [{ $set: { interval, lastPolledAt: { $literal: now } } }],
    { returnDocument: 'before', updatePipeline: true },
  ).lean<DeviceCodeDocument>();
}

/** The pipeline's test in JavaScript, on the document as it was before the poll. */
export function pollWasTooSoon(before: DeviceCodeDocument, now: Date): boolean {
  const last = before.lastPolledAt ?? null;
  return last !== null && now.getTime() - last.getTime() < before.interval * 1000;
}

/** Claims an approved, unredeemed code: of concurrent calls at most one matches. */
export function redeemDeviceCodeQuery(
  DeviceCode: Model<DeviceCodeDocument>,
  digest: string,
  now: Date,
) {
  return DeviceCode.findOneAndUpdate(
    { deviceCodeDigest: digest, status: 'approved', redeemedAt: null },
    { $set: { redeemedAt: now } },
    { returnDocument: 'after' },
  ).lean<DeviceCodeDocument>();
}

/** The records expired at `now`, whatever their status, on the TTL index of `expiresAt`. */
export function deleteExpiredDeviceCodesQuery(DeviceCode: Model<DeviceCodeDocument>, now: Date) {
  return DeviceCode.deleteMany({ expiresAt: { $lte: now } });
}
