import type { DeviceCodeRecord, DeviceCodeStatus } from '@oauthkit/core';
import { parseRecordExtensions, serializeRecordExtensions } from '@oauthkit/core/stores';
import { dateToField, fieldToDate, type HashFields, required } from './hash-fields.js';

const STATUSES: readonly string[] = ['pending', 'approved', 'denied'];

/** The hash fields of a new device authorization (already checked by `checkedDeviceCodeStore`). */
export function deviceCodeToHash(record: DeviceCodeRecord): HashFields {
  return {
    device_code_digest: record.deviceCodeDigest,
    user_code_digest: record.userCodeDigest,
    client_id: record.clientId,
    scope: record.scope,
    family_id: record.familyId,
    issued_at: dateToField(record.issuedAt, 'issuedAt'),
    expires_at: dateToField(record.expiresAt, 'expiresAt'),
    interval: String(record.interval),
    status: record.status,
    user_id: record.userId,
    granted_scope: record.grantedScope,
    decided_at: dateToField(record.decidedAt, 'decidedAt'),
    last_polled_at: dateToField(record.lastPolledAt, 'lastPolledAt'),
    redeemed_at: dateToField(record.redeemedAt, 'redeemedAt'),
    extensions: serializeRecordExtensions(
      'saveDeviceCode',
      'record.extensions',
      record.extensions ?? {},
    ),
  };
}

/** The device authorization stored in a hash (`HGETALL`, or flat from a script). */
export function deviceCodeFromHash(hash: Record<string, string>): DeviceCodeRecord {
  const status = required(hash, 'status');
  if (!STATUSES.includes(status)) throw new Error(`stored device code has status ${status}`);
  return {
    deviceCodeDigest: required(hash, 'device_code_digest'),
    userCodeDigest: required(hash, 'user_code_digest'),
    clientId: required(hash, 'client_id'),
    scope: hash['scope'] ?? '',
    familyId: required(hash, 'family_id'),
    issuedAt: fieldToDate(required(hash, 'issued_at'))!,
    expiresAt: fieldToDate(required(hash, 'expires_at'))!,
    interval: Number(required(hash, 'interval')),
    status: status as DeviceCodeStatus,
    userId: hash['user_id'] ?? null,
    grantedScope: hash['granted_scope'] ?? null,
    decidedAt: fieldToDate(hash['decided_at']),
    lastPolledAt: fieldToDate(hash['last_polled_at']),
    redeemedAt: fieldToDate(hash['redeemed_at']),
    extensions: parseRecordExtensions(hash['extensions']),
  };
}
