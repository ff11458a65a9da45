/**
 * `@oauthkit/core/stores`: what store packages share. The argument checks every store runs
 * before touching its database, and the limits every store uses.
 */

export { type CoalescedCalls, createCallCoalescer } from './call-coalescer.js';
export {
  checkClientRecord,
  checkCodeRecord,
  checkDate,
  checkDeviceCodeDecision,
  checkDeviceCodeRecord,
  checkedClientStore,
  checkedCodeStore,
  checkedDeviceCodeStore,
  checkedPushedRequestStore,
  checkedStores,
  checkedTokenStore,
  checkKey,
  checkPushedRequestRecord,
  checkRotation,
  checkTokenRecord,
} from './check-store-args.js';
export { deviceCodeDecisionRow } from './device-code-decision-row.js';
export { type CoalescedInserts, createInsertCoalescer } from './insert-coalescer.js';
export { type CoalescedLookups, createLookupCoalescer } from './lookup-coalescer.js';
export {
  type NewDeviceCodeFields,
  pendingDeviceCodeRecord,
} from './pending-device-code-record.js';
export {
  extensionsJson,
  MAX_RECORD_EXTENSIONS_BYTES,
  parseRecordExtensions,
  serializeRecordExtensions,
} from './record-extensions.js';
export {
  fromRecordRow,
  type RecordRow,
  type StoredRecords,
  toRecordRow,
} from './record-rows.js';
export {
  DEFAULT_DELETE_EXPIRED_BATCH_SIZE,
  MAX_PUSHED_REQUEST_PARAMETERS_BYTES,
  MAX_REVOKE_FAMILY_ROUNDS,
  resolveDeleteExpiredBatchSize,
} from './store-limits.js';
