import type { RecordExtensions } from './record-extensions.js';

/** Where a device authorization stands (RFC 8628 3.3, 3.5). */
export type DeviceCodeStatus = 'pending' | 'approved' | 'denied';

/**
 * A device authorization (RFC 8628 3.1, 3.2) as a store keeps it. Both codes are bearer
 * secrets while the authorization is pending, so only their SHA-256 digests (`digestToken`)
 * are kept: the device code's, and the normalised user code's.
 */
export interface DeviceCodeRecord {
  deviceCodeDigest: string;
  /** Digest of the normalised user code (`normalizeUserCode`): what the verification page looks up. */
  userCodeDigest: string;
  clientId: string;
  /** The scope the device asked for (validated at the device authorization endpoint). */
  scope: string;
  /** The family every token issued for this device code will belong to. */
  familyId: string;
  issuedAt: Date;
  expiresAt: Date;
  /** Seconds the device must wait between polls; `pollDeviceCode` raises it by 5 (RFC 8628 3.5). */
  interval: number;
  status: DeviceCodeStatus;
  /** The user who approved; `null` unless `approved`. */
  userId: string | null;
  /** The scope the user granted (at most `scope`); `null` unless `approved`. */
  grantedScope: string | null;
  /** When the user approved or denied. */
  decidedAt: Date | null;
  /** When the device last polled the token endpoint. */
  lastPolledAt: Date | null;
  /** Set by the one `redeemDeviceCode` call that won: tokens were issued for this code. */
  redeemedAt: Date | null;
  /**
   * What modules keep with the authorization (see {@link RecordExtensions}), handed on to the
   * tokens issued for it. Set at approval; `{}` when omitted.
   */
  extensions?: RecordExtensions;
}

/** The user's answer, as {@link DeviceCodeStore.decideDeviceCode} stores it. */
export type DeviceCodeDecision =
  | {
      status: 'approved';
      userId: string;
      grantedScope: string;
      extensions?: RecordExtensions;
    }
  | { status: 'denied' };

/** What `decideDeviceCode` did: see {@link DeviceCodeStore.decideDeviceCode}. */
export type DecideDeviceCodeResult =
  | { status: 'decided'; record: DeviceCodeRecord }
  | { status: 'not_pending'; record: DeviceCodeRecord }
  | { status: 'not_found' };

/** What `pollDeviceCode` did: see {@link DeviceCodeStore.pollDeviceCode}. */
export type PollDeviceCodeResult =
  | { status: 'polled'; record: DeviceCodeRecord }
  | { status: 'slow_down'; record: DeviceCodeRecord }
  | { status: 'not_found' };

/** What `redeemDeviceCode` did: see {@link DeviceCodeStore.redeemDeviceCode}. */
export type RedeemDeviceCodeResult =
  | { status: 'redeemed'; record: DeviceCodeRecord }
  | { status: 'not_redeemable'; record: DeviceCodeRecord }
  | { status: 'not_found' };

/**
 * Where device authorizations (RFC 8628) live until they expire. Every state change is one
 * atomic step of the store keyed by the device code's digest: approve or deny once, count a
 * poll, redeem once. Nothing is found-then-written by the server.
 *
 * Expiry is not checked by the store (the server reads `expiresAt`); a store may forget a
 * record at `expiresAt` (Redis TTL), and then answers `not_found`. A rejected promise is a
 * store failure: the server fails closed (503). Arguments the contract does not allow are
 * caller mistakes, refused with a `TypeError` before the store is asked
 * (`checkedDeviceCodeStore`).
 */
export interface DeviceCodeStore {
  /**
   * Inserts a new pending record. Resolves `false`, writing nothing, when another record
   * holds the same `userCodeDigest` (user codes are short: the server draws another one);
   * rejects when the device code digest is already stored (never overwrite).
   */
  saveDeviceCode(record: DeviceCodeRecord): Promise<boolean>;
  findByDeviceCode(deviceCodeDigest: string): Promise<DeviceCodeRecord | null>;
  findByUserCode(userCodeDigest: string): Promise<DeviceCodeRecord | null>;
  /**
   * Records the user's answer, only from `pending`: sets `status`, `decidedAt = now` and, for
   * an approval, `userId`, `grantedScope` and `extensions`; resolves `decided` with the
   * record after the change. Of any number of concurrent calls for one digest (approvals and
   * denials mixed) exactly one resolves `decided`; every other resolves `not_pending` with
   * the record as the winner left it. Unknown digest: `not_found`.
   */
  decideDeviceCode(
    deviceCodeDigest: string,
    decision: DeviceCodeDecision,
    now: Date,
  ): Promise<DecideDeviceCodeResult>;
  /**
   * Counts a poll of the token endpoint (RFC 8628 3.4, 3.5), whatever the status: when the
   * previous poll was less than `interval` seconds before `now`, raises `interval` by 5 and
   * resolves `slow_down`; otherwise resolves `polled`. Either way `lastPolledAt = now`, and
   * the record after the change is returned. Atomic per digest: of N concurrent polls at one
   * `now`, the first is `polled` and the N-1 others each raise the interval (by 5 each).
   */
  pollDeviceCode(deviceCodeDigest: string, now: Date): Promise<PollDeviceCodeResult>;
  /**
   * Claims an approved code for issuing tokens: if `status` is `approved` and `redeemedAt`
   * is unset, sets `redeemedAt = now` and resolves `redeemed` with the record after the
   * change. Otherwise writes nothing and resolves `not_redeemable` with the record. Of any
   * number of concurrent calls for one digest at most one resolves `redeemed`.
   */
  redeemDeviceCode(deviceCodeDigest: string, now: Date): Promise<RedeemDeviceCodeResult>;
  /**
   * Deletes every record whose `expiresAt <= now`, whatever its status (the condition is
   * part of the delete, as for `AuthorizationCodeStore.deleteExpired`). Resolves the number
   * of records this call deleted.
   */
  deleteExpired(now: Date): Promise<number>;
}
