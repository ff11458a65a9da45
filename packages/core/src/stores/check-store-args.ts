import type {
  AuthorizationCodeRecord,
  AuthorizationCodeStore,
} from './authorization-code-store.js';
import type { ClientRecord, ClientStore } from './client-store.js';
import type { DeviceCodeDecision, DeviceCodeRecord, DeviceCodeStore } from './device-code-store.js';
import type { PushedRequestRecord, PushedRequestStore } from './pushed-request-store.js';
import { serializeRecordExtensions } from './record-extensions.js';
import { MAX_PUSHED_REQUEST_PARAMETERS_BYTES } from './store-limits.js';
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

/** How one field of a record is checked: `name` is its path, for the message. */
type FieldCheck = (method: string, name: string, value: unknown) => void;

/** A check for every field of a record type (a new field must get one), in checking order. */
type FieldChecks<R> = { [K in keyof R]-?: FieldCheck };

/** `check`, or nothing for `null`. */
function nullable(check: FieldCheck): FieldCheck {
  return (method, name, value) => {
    if (value !== null) check(method, name, value);
  };
}

/**
 * The checks of a record type, listed once: the entries of its {@link FieldChecks} and, per
 * argument name, the path of each field for the messages (nothing is built per call).
 */
interface FieldList {
  readonly checks: readonly FieldCheck[];
  readonly fields: readonly string[];
  readonly paths: Map<string, readonly string[]>;
}

function fieldList<R>(fields: FieldChecks<R>): FieldList {
  const entries = Object.entries(fields) as [string, FieldCheck][];
  return {
    checks: entries.map(([, check]) => check),
    fields: entries.map(([field]) => field),
    paths: new Map(),
  };
}

/** Checks `record` is an object and each of its fields with its check. */
function checkFields<R>(
  method: string,
  name: string,
  record: unknown,
  list: FieldList,
): asserts record is R {
  checkObject(method, name, record);
  let paths = list.paths.get(name);
  if (paths === undefined) {
    paths = list.fields.map((field) => `${name}.${field}`);
    list.paths.set(name, paths);
  }
  const { checks, fields } = list;
  for (let i = 0; i < checks.length; i++) {
    checks[i]!(method, paths[i]!, (record as Record<string, unknown>)[fields[i]!]);
  }
}

const tokenRecordFields = fieldList<TokenRecord>({
  accessTokenDigest: checkKey,
  refreshTokenDigest: nullable(checkKey),
  familyId: checkKey,
  clientId: checkKey,
  userId: nullable(checkKey),
  scope: checkString,
  tokenType: checkString,
  grantType: checkString,
  issuedAt: checkDate,
  accessTokenExpiresAt: checkDate,
  refreshTokenExpiresAt: nullable(checkDate),
  revokedAt: nullable(checkDate),
  rotatedAt: nullable(checkDate),
  extensions: checkExtensions,
});

/** Every field of a token record, as the store will write it. */
export function checkTokenRecord(
  method: string,
  name: string,
  record: unknown,
): asserts record is TokenRecord {
  checkFields(method, name, record, tokenRecordFields);
}

const codeRecordFields = fieldList<AuthorizationCodeRecord>({
  codeDigest: checkKey,
  clientId: checkKey,
  userId: checkKey,
  familyId: checkKey,
  scope: checkString,
  redirectUri: nullable(checkString),
  codeChallenge: nullable(checkString),
  codeChallengeMethod: nullable(checkString),
  nonce: nullable(checkString),
  issuedAt: checkDate,
  expiresAt: checkDate,
  consumedAt: nullable(checkDate),
  replayedAt: nullable(checkDate),
  extensions: checkExtensions,
});

/** Every field of a code record. */
export function checkCodeRecord(
  method: string,
  record: unknown,
): asserts record is AuthorizationCodeRecord {
  checkFields(method, 'record', record, codeRecordFields);
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

/** A field a new device code record has not reached yet: `null`. */
function nullForNew(method: string, name: string, value: unknown): void {
  if (value !== null) throw new TypeError(`${method}: ${name} must be null for a new record`);
}

const deviceCodeRecordFields = fieldList<DeviceCodeRecord>({
  deviceCodeDigest: checkKey,
  userCodeDigest: checkKey,
  clientId: checkKey,
  familyId: checkKey,
  scope: checkString,
  issuedAt: checkDate,
  expiresAt: checkDate,
  interval: checkInterval,
  status: (method, name, value) => {
    if (value !== 'pending') {
      throw new TypeError(`${method}: ${name} must be "pending" for a new record`);
    }
  },
  userId: nullForNew,
  grantedScope: nullForNew,
  decidedAt: nullForNew,
  lastPolledAt: nullForNew,
  redeemedAt: nullForNew,
  extensions: checkExtensions,
});

/**
 * Every field of a new device code record: stored `pending`, undecided, never polled or
 * redeemed (every later state is reached through the store's own atomic operations).
 */
export function checkDeviceCodeRecord(
  method: string,
  record: unknown,
): asserts record is DeviceCodeRecord {
  checkFields(method, 'record', record, deviceCodeRecordFields);
}

/**
 * Every field of a pushed authorization request: a non-empty form-encoded parameter string
 * of at most {@link MAX_PUSHED_REQUEST_PARAMETERS_BYTES} UTF-8 bytes.
 */
export function checkPushedRequestRecord(
  method: string,
  record: unknown,
): asserts record is PushedRequestRecord {
  checkObject(method, 'record', record);
  const r = record as Record<keyof PushedRequestRecord, unknown>;
  checkKey(method, 'record.requestUriDigest', r.requestUriDigest);
  checkKey(method, 'record.clientId', r.clientId);
  checkKey(method, 'record.parameters', r.parameters);
  if (Buffer.byteLength(r.parameters) > MAX_PUSHED_REQUEST_PARAMETERS_BYTES) {
    throw new TypeError(
      `${method}: record.parameters must be at most ${MAX_PUSHED_REQUEST_PARAMETERS_BYTES} bytes`,
    );
  }
  checkDate(method, 'record.issuedAt', r.issuedAt);
  checkDate(method, 'record.expiresAt', r.expiresAt);
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

const clientRecordFields = fieldList<ClientRecord>({
  clientId: checkKey,
  clientSecretDigest: nullable(checkKey),
  clientIdIssuedAt: checkDate,
  clientSecretExpiresAt: nullable(checkDate),
  metadata: checkObject,
  // Optional (clients made before dynamic registration have none): absent, null or a digest.
  registrationAccessTokenDigest: (method, name, value) => {
    if (value !== undefined && value !== null) checkKey(method, name, value);
  },
});

/** Every field of a client record. */
export function checkClientRecord(method: string, record: unknown): asserts record is ClientRecord {
  checkFields(method, 'record', record, clientRecordFields);
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
  [K in keyof S]-?: NonNullable<S[K]> extends (...args: infer A) => Promise<unknown>
    ? (...args: A) => void
    : never;
};

/**
 * `store` with every method running its check first: a caller mistake rejects with the
 * check's `TypeError` and the store is never called. Trailing `undefined` arguments are not
 * passed on, so a store sees an optional argument only when it was given. A method named in
 * `optional` that the store does not have stays absent (the server looks for it).
 */
function withArgumentChecks<S extends object>(
  store: S,
  checks: ArgumentChecks<S>,
  optional: readonly (keyof S & string)[] = [],
): S {
  const checked: Record<string, unknown> = {};
  for (const [name, check] of Object.entries(checks) as [
    keyof S & string,
    (...a: unknown[]) => void,
  ][]) {
    const method = store[name] as ((...args: unknown[]) => Promise<unknown>) | undefined;
    if (method === undefined && optional.includes(name)) continue;
    // What promiseFrom does, written out: no closure per call on every store call.
    checked[name] = (...args: unknown[]): Promise<unknown> => {
      try {
        check(...args);
        while (args.length > 0 && args[args.length - 1] === undefined) args.pop();
        return Promise.resolve(method!.apply(store, args));
      } catch (error) {
        return Promise.reject(error);
      }
    };
  }
  return checked as S;
}

/** The check of a method called with a digest or id, then `now`. */
function keyAndNow(method: string, name: string) {
  return (key: unknown, now: unknown): void => {
    checkKey(method, name, key);
    checkDate(method, 'now', now);
  };
}

/** The check of `deleteExpired(now)`. */
const nowOnly = (now: unknown): void => checkDate('deleteExpired', 'now', now);

const tokenStoreChecks: ArgumentChecks<TokenStore> = {
  saveToken: (record) => checkTokenRecord('saveToken', 'record', record),
  findByAccessToken: (digest) => checkKey('findByAccessToken', 'accessTokenDigest', digest),
  findByRefreshToken: (digest) => checkKey('findByRefreshToken', 'refreshTokenDigest', digest),
  rotateRefreshToken: (digest, next, now, accessOnly) => {
    checkKey('rotateRefreshToken', 'refreshTokenDigest', digest);
    checkRotation(next, accessOnly);
    checkDate('rotateRefreshToken', 'now', now);
  },
  revokeAccessToken: keyAndNow('revokeAccessToken', 'accessTokenDigest'),
  revokeFamily: keyAndNow('revokeFamily', 'familyId'),
  revokeClientTokens: keyAndNow('revokeClientTokens', 'clientId'),
  deleteExpired: nowOnly,
};

const codeStoreChecks: ArgumentChecks<AuthorizationCodeStore> = {
  saveCode: (record) => checkCodeRecord('saveCode', record),
  findCode: (digest) => checkKey('findCode', 'codeDigest', digest),
  consumeCode: keyAndNow('consumeCode', 'codeDigest'),
  redeemCode: (digest, now, token, tokens) => {
    checkKey('redeemCode', 'codeDigest', digest);
    checkDate('redeemCode', 'now', now);
    checkTokenRecord('redeemCode', 'token', token);
    if (typeof tokens !== 'object' || tokens === null) {
      throw new TypeError("redeemCode: tokens must be the server's token store");
    }
  },
  deleteExpired: nowOnly,
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
  pollDeviceCode: keyAndNow('pollDeviceCode', 'deviceCodeDigest'),
  redeemDeviceCode: keyAndNow('redeemDeviceCode', 'deviceCodeDigest'),
  deleteExpired: nowOnly,
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
  // revokeClientTokens is optional: the server checks for it at start-up when registration
  // is on.
  return withArgumentChecks(store, tokenStoreChecks, ['revokeClientTokens']);
}

/** The {@link AuthorizationCodeStore} counterpart of {@link checkedTokenStore}. */
export function checkedCodeStore(store: AuthorizationCodeStore): AuthorizationCodeStore {
  // redeemCode is optional: without it the server consumes, saves and reads the mark in
  // separate calls.
  return withArgumentChecks(store, codeStoreChecks, ['redeemCode']);
}

/** The {@link ClientStore} counterpart of {@link checkedTokenStore}. */
export function checkedClientStore(store: ClientStore): ClientStore {
  const checked = withArgumentChecks(store, clientStoreChecks);
  return {
    ...checked,
    // An empty id comes from a request, not a caller: it names no client.
    findClient: (clientId) =>
      clientId === '' ? Promise.resolve(null) : checked.findClient(clientId),
  };
}

/** The {@link DeviceCodeStore} counterpart of {@link checkedTokenStore}. */
export function checkedDeviceCodeStore(store: DeviceCodeStore): DeviceCodeStore {
  return withArgumentChecks(store, deviceCodeStoreChecks);
}

/** The {@link PushedRequestStore} counterpart of {@link checkedTokenStore}. */
export function checkedPushedRequestStore(store: PushedRequestStore): PushedRequestStore {
  return {
    async savePushedRequest(record) {
      checkPushedRequestRecord('savePushedRequest', record);
      return store.savePushedRequest(record);
    },
    async findPushedRequest(digest) {
      checkKey('findPushedRequest', 'requestUriDigest', digest);
      return store.findPushedRequest(digest);
    },
    async consumePushedRequest(digest, clientId) {
      checkKey('consumePushedRequest', 'requestUriDigest', digest);
      checkKey('consumePushedRequest', 'clientId', clientId);
      return store.consumePushedRequest(digest, clientId);
    },
    async deleteExpired(now) {
      checkDate('deleteExpired', 'now', now);
      return store.deleteExpired(now);
    },
  };
}

/**
 * Every store of the bundle (the device code and pushed request stores when there are),
 * each wrapped in its checks.
 */
export function checkedStores<S extends Stores>(stores: S): S {
  const tokens = checkedTokenStore(stores.tokens);
  const codes = checkedCodeStore(stores.codes);
  const redeemCode = codes.redeemCode;
  return {
    ...stores,
    clients: checkedClientStore(stores.clients),
    tokens,
    codes: redeemCode
      ? {
          ...codes,
          // The code store knows its own token store unwrapped: it is handed that one.
          redeemCode: (digest, now, token, given) =>
            redeemCode(digest, now, token, given === tokens ? stores.tokens : given),
        }
      : codes,
    ...(stores.deviceCodes ? { deviceCodes: checkedDeviceCodeStore(stores.deviceCodes) } : {}),
    ...(stores.pushedRequests
      ? { pushedRequests: checkedPushedRequestStore(stores.pushedRequests) }
      : {}),
  };
}
