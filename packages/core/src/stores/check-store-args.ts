import type {
  AuthorizationCodeRecord,
  AuthorizationCodeStore,
} from './authorization-code-store.js';
import type { ClientRecord, ClientStore } from './client-store.js';
import type { DeviceCodeDecision, DeviceCodeRecord, DeviceCodeStore } from './device-code-store.js';
import { serializeRecordExtensions } from './record-extensions.js';
import type { Stores } from './stores.js';
import type { TokenRecord, TokenStore } from './token-store.js';

// Caller mistakes reject with a TypeError before any store code runs. An `undefined` that
// reached a query could widen it (Prisma and Mongoose drop `undefined` filter values, so
// `{ familyId: undefined, revokedAt: null }` matches every family), an empty digest could
// match a half-written row, and an invalid Date compares false with everything.

/** A digest, id or family id: a non-empty string. */
export function checkKey(method: string, name: string, value: unknown): asserts value is string {
  if (typeof value !== 'string' || value === '') {
    throw new TypeError(`${method}: ${name} must be a non-empty string, got ${describe(value)}`);
  }
}

/** A valid `Date`. */
export function checkDate(method: string, name: string, value: unknown): asserts value is Date {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
    throw new TypeError(`${method}: ${name} must be a valid Date, got ${describe(value)}`);
  }
}

function checkNullableKey(method: string, name: string, value: unknown): void {
  if (value !== null) checkKey(method, name, value);
}

function checkNullableDate(method: string, name: string, value: unknown): void {
  if (value !== null) checkDate(method, name, value);
}

function checkString(method: string, name: string, value: unknown): void {
  if (typeof value !== 'string') {
    throw new TypeError(`${method}: ${name} must be a string, got ${describe(value)}`);
  }
}

function checkObject(method: string, name: string, value: unknown): asserts value is object {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TypeError(`${method}: ${name} must be a record object, got ${describe(value)}`);
  }
}

/** Every field of a token record, as the store will write it. */
export function checkTokenRecord(
  method: string,
  name: string,
  record: unknown,
): asserts record is TokenRecord {
  checkObject(method, name, record);
  const r = record as Record<keyof TokenRecord, unknown>;
  checkKey(method, `${name}.accessTokenDigest`, r.accessTokenDigest);
  checkNullableKey(method, `${name}.refreshTokenDigest`, r.refreshTokenDigest);
  checkKey(method, `${name}.familyId`, r.familyId);
  checkKey(method, `${name}.clientId`, r.clientId);
  checkNullableKey(method, `${name}.userId`, r.userId);
  for (const field of ['scope', 'tokenType', 'grantType'] as const) {
    checkString(method, `${name}.${field}`, r[field]);
  }
  checkDate(method, `${name}.issuedAt`, r.issuedAt);
  checkDate(method, `${name}.accessTokenExpiresAt`, r.accessTokenExpiresAt);
  for (const field of ['refreshTokenExpiresAt', 'revokedAt', 'rotatedAt'] as const) {
    checkNullableDate(method, `${name}.${field}`, r[field]);
  }
  checkExtensions(method, `${name}.extensions`, r.extensions);
}

/** Every field of a code record. */
export function checkCodeRecord(
  method: string,
  record: unknown,
): asserts record is AuthorizationCodeRecord {
  checkObject(method, 'record', record);
  const r = record as Record<keyof AuthorizationCodeRecord, unknown>;
  for (const field of ['codeDigest', 'clientId', 'userId', 'familyId'] as const) {
    checkKey(method, `record.${field}`, r[field]);
  }
  checkString(method, 'record.scope', r.scope);
  for (const field of ['redirectUri', 'codeChallenge', 'codeChallengeMethod', 'nonce'] as const) {
    if (r[field] !== null) checkString(method, `record.${field}`, r[field]);
  }
  checkDate(method, 'record.issuedAt', r.issuedAt);
  checkDate(method, 'record.expiresAt', r.expiresAt);
  checkNullableDate(method, 'record.consumedAt', r.consumedAt);
  checkNullableDate(method, 'record.replayedAt', r.replayedAt);
  checkExtensions(method, 'record.extensions', r.extensions);
}

// Optional in the contract until every store keeps it; when given, it must serialise.
function checkExtensions(method: string, name: string, value: unknown): void {
  if (value !== undefined) serializeRecordExtensions(method, name, value);
}

/** The largest `interval` a device code may carry, in seconds (one day). */
const MAX_DEVICE_INTERVAL_SECONDS = 86_400;

function checkInterval(method: string, name: string, value: unknown): void {
  if (
    typeof value !== 'number' ||
    !Number.isSafeInteger(value) ||
    value < 1 ||
    value > MAX_DEVICE_INTERVAL_SECONDS
  ) {
    throw new TypeError(
      `${method}: ${name} must be a whole number of seconds from 1 to ${MAX_DEVICE_INTERVAL_SECONDS}`,
    );
  }
}

/**
 * Every field of a new device code record: stored `pending`, undecided, never polled or
 * redeemed (every later state is reached through the store's own atomic operations).
 */
export function checkDeviceCodeRecord(
  method: string,
  record: unknown,
): asserts record is DeviceCodeRecord {
  checkObject(method, 'record', record);
  const r = record as Record<keyof DeviceCodeRecord, unknown>;
  for (const field of ['deviceCodeDigest', 'userCodeDigest', 'clientId', 'familyId'] as const) {
    checkKey(method, `record.${field}`, r[field]);
  }
  checkString(method, 'record.scope', r.scope);
  checkDate(method, 'record.issuedAt', r.issuedAt);
  checkDate(method, 'record.expiresAt', r.expiresAt);
  checkInterval(method, 'record.interval', r.interval);
  if (r.status !== 'pending') {
    throw new TypeError(`${method}: record.status must be "pending" for a new record`);
  }
  for (const field of [
    'userId',
    'grantedScope',
    'decidedAt',
    'lastPolledAt',
    'redeemedAt',
  ] as const) {
    if (r[field] !== null)
      throw new TypeError(`${method}: record.${field} must be null for a new record`);
  }
  checkExtensions(method, 'record.extensions', r.extensions);
}

/** An approval (user id, granted scope, extensions) or a denial. */
export function checkDeviceCodeDecision(
  method: string,
  decision: unknown,
): asserts decision is DeviceCodeDecision {
  checkObject(method, 'decision', decision);
  const d = decision as Record<string, unknown>;
  if (d.status === 'denied') return;
  if (d.status !== 'approved') {
    throw new TypeError(`${method}: decision.status must be "approved" or "denied"`);
  }
  checkKey(method, 'decision.userId', d.userId);
  checkString(method, 'decision.grantedScope', d.grantedScope);
  checkExtensions(method, 'decision.extensions', d.extensions);
}

/** Every field of a client record. */
export function checkClientRecord(method: string, record: unknown): asserts record is ClientRecord {
  checkObject(method, 'record', record);
  const r = record as Record<keyof ClientRecord, unknown>;
  checkKey(method, 'record.clientId', r.clientId);
  checkNullableKey(method, 'record.clientSecretDigest', r.clientSecretDigest);
  checkDate(method, 'record.clientIdIssuedAt', r.clientIdIssuedAt);
  checkNullableDate(method, 'record.clientSecretExpiresAt', r.clientSecretExpiresAt);
  checkObject(method, 'record.metadata', r.metadata);
}

/**
 * The records of one rotation: `next` carries the new refresh token; `accessOnly`, when
 * given, is a record of the same family without one. What the store alone can check (that
 * `next` belongs to the old token's family) stays with the store.
 */
export function checkRotation(next: unknown, accessOnly: unknown): void {
  checkTokenRecord('rotateRefreshToken', 'next', next);
  if (next.refreshTokenDigest === null) {
    throw new TypeError('rotateRefreshToken: next must carry the new refresh token');
  }
  if (accessOnly === undefined) return;
  checkTokenRecord('rotateRefreshToken', 'accessOnly', accessOnly);
  if (accessOnly.refreshTokenDigest !== null) {
    throw new TypeError('rotateRefreshToken: accessOnly must not carry a refresh token');
  }
  if (accessOnly.familyId !== next.familyId) {
    throw new TypeError('rotateRefreshToken: accessOnly must belong to the family of next');
  }
  if (accessOnly.accessTokenDigest === next.accessTokenDigest) {
    throw new TypeError(
      'rotateRefreshToken: accessOnly and next must hold different access tokens',
    );
  }
}

function describe(value: unknown): string {
  if (value instanceof Date) return 'an invalid Date';
  if (value === '') return 'an empty string';
  if (value === null) return 'null';
  return Array.isArray(value) ? 'an array' : typeof value;
}

/**
 * The argument checks of a store: one function per method, called with the method's own
 * arguments, that throws a `TypeError` on a caller mistake. Every method must have one.
 */
type ArgumentChecks<S> = {
  [K in keyof S]-?: S[K] extends (...args: infer A) => Promise<unknown>
    ? (...args: A) => void
    : never;
};

/**
 * `store` with every method running its check first: a caller mistake rejects with the
 * check's `TypeError` and the store is never called. Trailing `undefined` arguments are not
 * passed on, so a store sees an optional argument only when it was given.
 */
function withArgumentChecks<S extends object>(store: S, checks: ArgumentChecks<S>): S {
  const checked: Record<string, unknown> = {};
  for (const [name, check] of Object.entries(checks) as [
    keyof S & string,
    (...a: unknown[]) => void,
  ][]) {
    const method = store[name] as (...args: unknown[]) => Promise<unknown>;
    checked[name] = async (...args: unknown[]) => {
      check(...args);
      while (args.length > 0 && args[args.length - 1] === undefined) args.pop();
      return method.apply(store, args);
    };
  }
  return checked as S;
}

const tokenStoreChecks: ArgumentChecks<TokenStore> = {
  saveToken: (record) => checkTokenRecord('saveToken', 'record', record),
  findByAccessToken: (digest) => checkKey('findByAccessToken', 'accessTokenDigest', digest),
  findByRefreshToken: (digest) => checkKey('findByRefreshToken', 'refreshTokenDigest', digest),
  rotateRefreshToken: (digest, next, now, accessOnly) => {
    checkKey('rotateRefreshToken', 'refreshTokenDigest', digest);
    checkRotation(next, accessOnly);
    checkDate('rotateRefreshToken', 'now', now);
  },
  revokeAccessToken: (digest, now) => {
    checkKey('revokeAccessToken', 'accessTokenDigest', digest);
    checkDate('revokeAccessToken', 'now', now);
  },
  revokeFamily: (familyId, now) => {
    checkKey('revokeFamily', 'familyId', familyId);
    checkDate('revokeFamily', 'now', now);
  },
  deleteExpired: (now) => checkDate('deleteExpired', 'now', now),
};

const codeStoreChecks: ArgumentChecks<AuthorizationCodeStore> = {
  saveCode: (record) => checkCodeRecord('saveCode', record),
  findCode: (digest) => checkKey('findCode', 'codeDigest', digest),
  consumeCode: (digest, now) => {
    checkKey('consumeCode', 'codeDigest', digest);
    checkDate('consumeCode', 'now', now);
  },
  deleteExpired: (now) => checkDate('deleteExpired', 'now', now),
};

const clientStoreChecks: ArgumentChecks<ClientStore> = {
  findClient: (clientId) => checkKey('findClient', 'clientId', clientId),
  saveClient: (record) => checkClientRecord('saveClient', record),
  deleteClient: (clientId) => checkKey('deleteClient', 'clientId', clientId),
};

const deviceCodeStoreChecks: ArgumentChecks<DeviceCodeStore> = {
  saveDeviceCode: (record) => checkDeviceCodeRecord('saveDeviceCode', record),
  findByDeviceCode: (digest) => checkKey('findByDeviceCode', 'deviceCodeDigest', digest),
  findByUserCode: (digest) => checkKey('findByUserCode', 'userCodeDigest', digest),
  decideDeviceCode: (digest, decision, now) => {
    checkKey('decideDeviceCode', 'deviceCodeDigest', digest);
    checkDeviceCodeDecision('decideDeviceCode', decision);
    checkDate('decideDeviceCode', 'now', now);
  },
  pollDeviceCode: (digest, now) => {
    checkKey('pollDeviceCode', 'deviceCodeDigest', digest);
    checkDate('pollDeviceCode', 'now', now);
  },
  redeemDeviceCode: (digest, now) => {
    checkKey('redeemDeviceCode', 'deviceCodeDigest', digest);
    checkDate('redeemDeviceCode', 'now', now);
  },
  deleteExpired: (now) => checkDate('deleteExpired', 'now', now),
};

/**
 * A {@link TokenStore} that checks every argument before the store sees it: a caller mistake
 * rejects with a `TypeError` and the database is never asked. Every store package wraps its
 * token store in it, so the checks are the same everywhere.
 *
 * @example
 * return checkedTokenStore({ async saveToken(record) { ... }, ... });
 */
export function checkedTokenStore(store: TokenStore): TokenStore {
  return withArgumentChecks(store, tokenStoreChecks);
}

/** The {@link AuthorizationCodeStore} counterpart of {@link checkedTokenStore}. */
export function checkedCodeStore(store: AuthorizationCodeStore): AuthorizationCodeStore {
  return withArgumentChecks(store, codeStoreChecks);
}

/** The {@link ClientStore} counterpart of {@link checkedTokenStore}. */
export function checkedClientStore(store: ClientStore): ClientStore {
  const checked = withArgumentChecks(store, clientStoreChecks);
  return {
    ...checked,
    // An empty id comes from a request, not a caller: it names no client.
    findClient: async (clientId) => (clientId === '' ? null : checked.findClient(clientId)),
  };
}

/** The {@link DeviceCodeStore} counterpart of {@link checkedTokenStore}. */
export function checkedDeviceCodeStore(store: DeviceCodeStore): DeviceCodeStore {
  return withArgumentChecks(store, deviceCodeStoreChecks);
}

/** Every store of the bundle (the device code store when there is one), each wrapped in its checks. */
export function checkedStores<S extends Stores>(stores: S): S {
  return {
    ...stores,
    clients: checkedClientStore(stores.clients),
    tokens: checkedTokenStore(stores.tokens),
    codes: checkedCodeStore(stores.codes),
    ...(stores.deviceCodes ? { deviceCodes: checkedDeviceCodeStore(stores.deviceCodes) } : {}),
  };
}
