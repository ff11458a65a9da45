import type { DeviceCodeRecord } from '@oauthkit/core';
import { fromRecordRow, toRecordRow } from '@oauthkit/core/stores';
import type { DeviceCodeDocument } from '../schemas/device-code-schema.js';

/** The document inserted for a device code record. */
export function toDeviceCodeDocument(record: DeviceCodeRecord): DeviceCodeDocument {
  return toRecordRow('deviceCode', record);
}

/** The record a stored (lean) device code document stands for; `_id` dropped, a missing field `null`. */
export function toDeviceCodeRecord(doc: DeviceCodeDocument): DeviceCodeRecord {
  return fromRecordRow('deviceCode', doc);
}
