import type { AuthorizationCodeRecord } from './authorization-code-store.js';
import type { DeviceCodeRecord } from './device-code-store.js';
import { extensionsJson, parseRecordExtensions } from './record-extensions.js';
import type { TokenRecord } from './token-store.js';

/** The records a store keeps one row (document, hash) of, by kind. */
export interface StoredRecords {
  token: TokenRecord;
  code: AuthorizationCodeRecord;
  deviceCode: DeviceCodeRecord;
}

/**
 * A record as a store writes it: each field in its own column of the same name, and
 * `extensions` as JSON text, `null` for a record saved without extensions.
 */
export type RecordRow<R extends { extensions?: unknown }> = Omit<R, 'extensions'> & {
  extensions: string | null;
};

type Columns<R> = Record<Exclude<keyof R, 'extensions'>, true>;

// Every field of each record but `extensions`; `satisfies` makes a field added to a record
// type a compile error here until it is listed.
const COLUMNS = {
  token: {
    accessTokenDigest: true,
    refreshTokenDigest: true,
    familyId: true,
    clientId: true,
    userId: true,
    scope: true,
    tokenType: true,
    grantType: true,
    issuedAt: true,
    accessTokenExpiresAt: true,
    refreshTokenExpiresAt: true,
    revokedAt: true,
    rotatedAt: true,
  } satisfies Columns<TokenRecord>,
  code: {
    codeDigest: true,
    clientId: true,
    userId: true,
    redirectUri: true,
    scope: true,
    codeChallenge: true,
    codeChallengeMethod: true,
    nonce: true,
    familyId: true,
    issuedAt: true,
    expiresAt: true,
    consumedAt: true,
    replayedAt: true,
  } satisfies Columns<AuthorizationCodeRecord>,
  deviceCode: {
    deviceCodeDigest: true,
    userCodeDigest: true,
    clientId: true,
    scope: true,
    familyId: true,
    issuedAt: true,
    expiresAt: true,
    interval: true,
    status: true,
    userId: true,
    grantedScope: true,
    decidedAt: true,
    lastPolledAt: true,
    redeemedAt: true,
  } satisfies Columns<DeviceCodeRecord>,
};

const SAVED_BY = { token: 'saveToken', code: 'saveCode', deviceCode: 'saveDeviceCode' } as const;

function copyColumns(kind: keyof StoredRecords, from: object): Record<string, unknown> {
  const source = from as Record<string, unknown>;
  return Object.fromEntries(Object.keys(COLUMNS[kind]).map((c) => [c, source[c] ?? null]));
}

/**
 * The row a store writes for a record: the record's own fields, copied one by one, and its
 * extensions as checked JSON text (a `TypeError` naming the save method when they do not
 * serialise).
 *
 * @example
 * await prisma.oauthToken.create({ data: toRecordRow('token', record) });
 */
export function toRecordRow<K extends keyof StoredRecords>(
  kind: K,
  record: StoredRecords[K],
): RecordRow<StoredRecords[K]> {
  return {
    ...copyColumns(kind, record),
    extensions: extensionsJson(SAVED_BY[kind], record.extensions),
  } as RecordRow<StoredRecords[K]>;
}

/**
 * The record a stored row stands for: only the record's fields (columns a user added to the
 * table, a document's `_id`, a store's own bookkeeping stay out), a missing one as `null`
 * (a document written before the field existed), and the extensions parsed (`{}` for none).
 *
 * @example
 * const record = fromRecordRow('code', row);
 */
export function fromRecordRow<K extends keyof StoredRecords>(
  kind: K,
  row: RecordRow<StoredRecords[K]>,
): StoredRecords[K] {
  return {
    ...copyColumns(kind, row),
    extensions: parseRecordExtensions(row.extensions),
  } as StoredRecords[K];
}
