import type {
  AuthorizationCodeRecord,
  ClientRecord,
  DeviceCodeRecord,
  TokenRecord,
} from '@oauthkit/core';
import { fromRecordRow, type RecordRow, toRecordRow } from '@oauthkit/core/stores';

// The tables' property names are the record field names, so a selected row already has the
// record's shape but for `extensions` (JSON text in the row); these functions copy exactly the
// record's fields (core's `fromRecordRow` / `toRecordRow`) and fix what a driver returns in
// another form.

/** A row of `oauth_tokens` as selected or inserted. */
export type TokenRow = RecordRow<TokenRecord>;

/** A row of `oauth_authorization_codes` as selected or inserted. */
export type CodeRow = RecordRow<AuthorizationCodeRecord>;

export function toClientRecord(row: ClientRecord): ClientRecord {
  return {
    clientId: row.clientId,
    clientSecretDigest: row.clientSecretDigest,
    clientIdIssuedAt: row.clientIdIssuedAt,
    clientSecretExpiresAt: row.clientSecretExpiresAt,
    // MariaDB's JSON is LONGTEXT underneath: mysql2 hands it over as a string.
    metadata: typeof row.metadata === 'string' ? JSON.parse(row.metadata) : row.metadata,
    // A NULL column reads absent (ClientRecord.registrationAccessTokenDigest).
    ...(row.registrationAccessTokenDigest
      ? { registrationAccessTokenDigest: row.registrationAccessTokenDigest }
      : {}),
  };
}

/** The columns of `oauth_clients` for a record: every one set, NULL for what it lacks. */
export function toClientRow(record: ClientRecord): ClientRecord & {
  registrationAccessTokenDigest: string | null;
} {
  return {
    ...toClientRecord(record),
    registrationAccessTokenDigest: record.registrationAccessTokenDigest ?? null,
  };
}

export function toTokenRecord(row: TokenRow): TokenRecord {
  return fromRecordRow('token', row);
}

export function toTokenRow(record: TokenRecord): TokenRow {
  return toRecordRow('token', record);
}

export function toCodeRecord(row: CodeRow): AuthorizationCodeRecord {
  return fromRecordRow('code', row);
}

export function toCodeRow(record: AuthorizationCodeRecord): CodeRow {
  return toRecordRow('code', record);
}

/** A row of `oauth_device_codes` as selected or inserted. */
export type DeviceCodeRow = RecordRow<DeviceCodeRecord>;

export function toDeviceCodeRecord(row: DeviceCodeRow): DeviceCodeRecord {
  return fromRecordRow('deviceCode', row);
}

export function toDeviceCodeRow(record: DeviceCodeRecord): DeviceCodeRow {
  return toRecordRow('deviceCode', record);
}
