import type {
  AuthorizationCodeRecord,
  ClientRecord,
  DeviceCodeRecord,
  TokenRecord,
} from '@oauthkit/core';
import { extensionsJson, parseRecordExtensions } from '@oauthkit/core/stores';

// The tables' property names are the record field names, so a selected row already has the
// record's shape but for `extensions` (JSON text in the row); these functions copy exactly the
// record's fields and fix what a driver returns in another form.

/** A row of `oauth_tokens` as selected or inserted. */
export type TokenRow = Omit<TokenRecord, 'extensions'> & { extensions: string | null };

/** A row of `oauth_authorization_codes` as selected or inserted. */
export type CodeRow = Omit<AuthorizationCodeRecord, 'extensions'> & { extensions: string | null };

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
  return { ...tokenColumns(row), extensions: parseRecordExtensions(row.extensions) };
}

export function toTokenRow(record: TokenRecord): TokenRow {
  return { ...tokenColumns(record), extensions: extensionsJson('saveToken', record.extensions) };
}

function tokenColumns(row: TokenRecord | TokenRow): Omit<TokenRow, 'extensions'> {
  return {
    accessTokenDigest: row.accessTokenDigest,
    refreshTokenDigest: row.refreshTokenDigest,
    familyId: row.familyId,
    clientId: row.clientId,
    userId: row.userId,
    scope: row.scope,
    tokenType: row.tokenType,
    grantType: row.grantType,
    issuedAt: row.issuedAt,
    accessTokenExpiresAt: row.accessTokenExpiresAt,
    refreshTokenExpiresAt: row.refreshTokenExpiresAt,
    revokedAt: row.revokedAt,
    rotatedAt: row.rotatedAt,
  };
}

export function toCodeRecord(row: CodeRow): AuthorizationCodeRecord {
  return { ...codeColumns(row), extensions: parseRecordExtensions(row.extensions) };
}

export function toCodeRow(record: AuthorizationCodeRecord): CodeRow {
  return { ...codeColumns(record), extensions: extensionsJson('saveCode', record.extensions) };
}

function codeColumns(row: AuthorizationCodeRecord | CodeRow): Omit<CodeRow, 'extensions'> {
  return {
    codeDigest: row.codeDigest,
    clientId: row.clientId,
    userId: row.userId,
    redirectUri: row.redirectUri,
    scope: row.scope,
    codeChallenge: row.codeChallenge,
    codeChallengeMethod: row.codeChallengeMethod,
    nonce: row.nonce,
    familyId: row.familyId,
    issuedAt: row.issuedAt,
    expiresAt: row.expiresAt,
    consumedAt: row.consumedAt,
    replayedAt: row.replayedAt,
  };
}

/** A row of `oauth_device_codes` as selected or inserted. */
export type DeviceCodeRow = Omit<DeviceCodeRecord, 'extensions'> & { extensions: string | null };

export function toDeviceCodeRecord(row: DeviceCodeRow): DeviceCodeRecord {
  return { ...deviceCodeColumns(row), extensions: parseRecordExtensions(row.extensions) };
}

export function toDeviceCodeRow(record: DeviceCodeRecord): DeviceCodeRow {
  return {
    ...deviceCodeColumns(record),
    extensions: extensionsJson('saveDeviceCode', record.extensions),
  };
}

function deviceCodeColumns(
  row: DeviceCodeRecord | DeviceCodeRow,
): Omit<DeviceCodeRow, 'extensions'> {
  return {
    deviceCodeDigest: row.deviceCodeDigest,
    userCodeDigest: row.userCodeDigest,
    clientId: row.clientId,
    scope: row.scope,
    familyId: row.familyId,
    issuedAt: row.issuedAt,
    expiresAt: row.expiresAt,
    interval: row.interval,
    status: row.status,
    userId: row.userId,
    grantedScope: row.grantedScope,
    decidedAt: row.decidedAt,
    lastPolledAt: row.lastPolledAt,
    redeemedAt: row.redeemedAt,
  };
}
