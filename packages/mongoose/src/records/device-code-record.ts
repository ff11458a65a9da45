import type { DeviceCodeRecord } from '@oauthkit/core';
import { extensionsJson, parseRecordExtensions } from '@oauthkit/core/stores';
import type { DeviceCodeDocument } from '../schemas/device-code-schema.js';

/** The document inserted for a device code record. */
export function toDeviceCodeDocument(record: DeviceCodeRecord): DeviceCodeDocument {
  return {
    ...deviceCodeFields(record),
    extensions: extensionsJson('saveDeviceCode', record.extensions),
  };
}

/** The record a stored (lean) device code document stands for; `_id` dropped. */
export function toDeviceCodeRecord(doc: DeviceCodeDocument): DeviceCodeRecord {
  return { ...deviceCodeFields(doc), extensions: parseRecordExtensions(doc.extensions) };
}

function deviceCodeFields(
  doc: DeviceCodeRecord | DeviceCodeDocument,
): Omit<DeviceCodeRecord, 'extensions'> {
  return {
    deviceCodeDigest: doc.deviceCodeDigest,
    userCodeDigest: doc.userCodeDigest,
    clientId: doc.clientId,
    scope: doc.scope,
    familyId: doc.familyId,
    issuedAt: doc.issuedAt,
    expiresAt: doc.expiresAt,
    interval: doc.interval,
    status: doc.status,
    userId: doc.userId ?? null,
    grantedScope: doc.grantedScope ?? null,
    decidedAt: doc.decidedAt ?? null,
    lastPolledAt: doc.lastPolledAt ?? null,
    redeemedAt: doc.redeemedAt ?? null,
  };
}
