import type { AuthorizationCodeRecord, ConsumeCodeResult } from './authorization-code-store.js';
import { checkedStores } from './check-store-args.js';
import type { ClientRecord } from './client-store.js';
import type { DeviceCodeRecord } from './device-code-store.js';
import { createMemoryDeviceCodeStore } from './memory-device-code-store.js';
import { createMemoryPushedRequestStore } from './memory-pushed-request-store.js';
import type { PushedRequestRecord } from './pushed-request-store.js';
import type { Stores } from './stores.js';
import type { TokenRecord } from './token-store.js';

/** Options of {@link createMemoryStores}. */
export interface MemoryStoresOptions {
  /**
   * Drop expired codes and tokens after this many writes (default 1000), or after as many
   * writes as records the last sweep kept when that is more: a sweep reads every record, so
   * this keeps its cost per write constant however many tokens are held (the store never
   * holds more than about twice its live records).
   */
  sweepEvery?: number;
}

/**
 * In-process stores: for tests, examples and single-instance servers that accept losing
 * every token on restart. Atomicity comes from JavaScript's run-to-completion: no method
 * awaits between reading and writing. Records are copied in and out, like a database;
 * arguments are checked like every store's (`checkedStores`).
 *
 * @example
 * const server = createAuthorizationServer({ ...createMemoryStores(), config: {...} });
 */
export function createMemoryStores(options: MemoryStoresOptions = {}): Stores & {
  deviceCodes: NonNullable<Stores['deviceCodes']>;
  pushedRequests: NonNullable<Stores['pushedRequests']>;
  /** Every record held, for tests that inspect the stored data. */
  dump(): {
    clients: ClientRecord[];
    tokens: TokenRecord[];
    codes: AuthorizationCodeRecord[];
    deviceCodes: DeviceCodeRecord[];
    pushedRequests: PushedRequestRecord[];
  };
} {
  const sweepEvery = options.sweepEvery ?? 1000;
  const clients = new Map<string, ClientRecord>();
  const byAccess = new Map<string, KeptToken>();
  const byRefresh = new Map<string, KeptToken>();
  // The tokens of each family, for revokeFamily alone: built from byAccess on the first
  // revokeFamily and kept up to date from then on, so that a store that never revokes a
  // family (most tokens are never replayed) spends no index write per token. A family of
  // one token (every client_credentials token, every code exchange until its first
  // rotation) is its record itself: no Set per token for the store to keep.
  let families: Map<string, KeptToken | Set<KeptToken>> | null = null;
  const codes = new Map<string, AuthorizationCodeRecord>();
  let writesUntilSweep = sweepEvery;
  const wrote = () => {
    if (--writesUntilSweep > 0) return;
    sweep(new Date());
    writesUntilSweep = Math.max(sweepEvery, byAccess.size + codes.size);
  };

  function checkUnique(record: TokenRecord): void {
    if (byAccess.has(record.accessTokenDigest)) throw new Error('duplicate access token digest');
    if (record.refreshTokenDigest !== null && byRefresh.has(record.refreshTokenDigest)) {
      throw new Error('duplicate refresh token digest');
    }
  }

  function insertToken(record: TokenRecord): void {
    checkUnique(record);
    const r = keptToken(record);
    byAccess.set(r.accessTokenDigest, r);
    if (r.refreshTokenDigest !== null) byRefresh.set(r.refreshTokenDigest, r);
    if (families !== null) joinFamily(families, r);
    wrote();
  }

  function joinFamily(index: Map<string, KeptToken | Set<KeptToken>>, r: KeptToken): void {
    const family = index.get(r.familyId);
    if (family === undefined) index.set(r.familyId, r);
    else if (family instanceof Set) family.add(r);
    else index.set(r.familyId, new Set([family, r]));
  }

  function familyOf(familyId: string): Iterable<KeptToken> {
    if (families === null) {
      families = new Map();
      for (const r of byAccess.values()) joinFamily(families, r);
    }
    const family = families.get(familyId);
    return family === undefined ? [] : family instanceof Set ? family : [family];
  }

  function leaveFamily(r: KeptToken): void {
    if (families === null) return;
    const family = families.get(r.familyId);
    if (family === r) families.delete(r.familyId);
    else if (family instanceof Set) {
      family.delete(r);
      if (family.size === 0) families.delete(r.familyId);
    }
  }

  // One pass over every record; `deleteExpired` and the automatic sweep share it.
  function deleteExpiredTokens(now: Date): number {
    const at = now.getTime();
    let deleted = 0;
    for (const r of byAccess.values()) {
      const refreshAlive =
        r.refreshTokenDigest !== null &&
        (r.refreshTokenExpiresAt === null || r.refreshTokenExpiresAt > at);
      if (r.accessTokenExpiresAt > at || refreshAlive) continue;
      byAccess.delete(r.accessTokenDigest);
      if (r.refreshTokenDigest !== null) byRefresh.delete(r.refreshTokenDigest);
      leaveFamily(r);
      deleted++;
    }
    return deleted;
  }

  function deleteExpiredCodes(now: Date): number {
    let deleted = 0;
    for (const [digest, code] of codes) {
      if (code.expiresAt <= now && codes.delete(digest)) deleted++;
    }
    return deleted;
  }

  const deviceCodes = createMemoryDeviceCodeStore(copy, () => wrote());
  const pushedRequests = createMemoryPushedRequestStore(copy, () => wrote());

  function sweep(now: Date): void {
    void deviceCodes.deleteExpired(now);
    void pushedRequests.deleteExpired(now);
    deleteExpiredCodes(now);
    deleteExpiredTokens(now);
  }

  const stores = {
    clients: {
      async findClient(clientId) {
        const r = clients.get(clientId);
        return r ? copy(r) : null;
      },
      async saveClient(record) {
        const { registrationAccessTokenDigest: rat, ...rest } = record;
        // Like a NULL column: a client without a registration access token reads without one.
        clients.set(
          record.clientId,
          copy(rat == null ? rest : { ...rest, registrationAccessTokenDigest: rat }),
        );
      },
      async deleteClient(clientId) {
        return clients.delete(clientId);
      },
    },
    tokens: {
      async saveToken(record) {
        insertToken(record);
      },
      async findByAccessToken(digest) {
        const r = byAccess.get(digest);
        return r ? copyToken(r) : null;
      },
      async findByRefreshToken(digest) {
        const r = byRefresh.get(digest);
        return r ? copyToken(r) : null;
      },
      async rotateRefreshToken(digest, next, now, accessOnly) {
        const old = byRefresh.get(digest);
        if (old && next.familyId !== old.familyId) {
          throw new TypeError('rotateRefreshToken: next must belong to the same family');
        }
        if (!old || old.revokedAt !== null || old.rotatedAt !== null) return false;
        // Every check before the first write: a duplicate leaves nothing half-written.
        checkUnique(next);
        if (accessOnly) checkUnique(accessOnly);
        insertToken(next);
        if (accessOnly) insertToken(accessOnly);
        old.rotatedAt = now.getTime();
        old.revokedAt = now.getTime();
        return true;
      },
      async revokeAccessToken(digest, now) {
        const r = byAccess.get(digest);
        if (!r || r.revokedAt !== null) return false;
        r.revokedAt = now.getTime();
        return true;
      },
      async revokeFamily(familyId, now) {
        let n = 0;
        for (const r of familyOf(familyId)) {
          if (r.revokedAt === null) {
            r.revokedAt = now.getTime();
            n++;
          }
        }
        return n;
      },
      async revokeClientTokens(clientId, now) {
        let n = 0;
        for (const r of byAccess.values()) {
          if (r.clientId === clientId && r.revokedAt === null) {
            r.revokedAt = now.getTime();
            n++;
          }
        }
        return n;
      },
      async deleteExpired(now) {
        return deleteExpiredTokens(now);
      },
    },
    codes: {
      async saveCode(record) {
        if (codes.has(record.codeDigest)) throw new Error('duplicate code digest');
        codes.set(record.codeDigest, copy({ ...record, extensions: record.extensions ?? {} }));
        wrote();
      },
      async findCode(digest) {
        const r = codes.get(digest);
        return r ? copy(r) : null;
      },
      async consumeCode(digest, now): Promise<ConsumeCodeResult> {
        const r = codes.get(digest);
        if (!r) return { status: 'not_found' };
        if (r.consumedAt === null) {
          const before = copy(r);
          r.consumedAt = now;
          return { status: 'consumed', code: before };
        }
        r.replayedAt ??= now;
        return { status: 'replayed', code: copy(r) };
      },
      async redeemCode(digest, now, token, tokens): Promise<ConsumeCodeResult | undefined> {
        if (tokens !== stores.tokens) return undefined;
        const r = codes.get(digest);
        if (!r) return { status: 'not_found' };
        if (r.consumedAt !== null) {
          r.replayedAt ??= now;
          return { status: 'replayed', code: copy(r) };
        }
        // The insert first: a duplicate digest throws before the code is consumed.
        insertToken(token);
        const before = copy(r);
        r.consumedAt = now;
        return { status: 'consumed', code: before };
      },
      async deleteExpired(now) {
        return deleteExpiredCodes(now);
      },
    },
    deviceCodes,
    pushedRequests,
    dump: () => ({
      clients: [...clients.values()].map(copy),
      tokens: [...byAccess.values()].map(copyToken),
      codes: [...codes.values()].map(copy),
      deviceCodes: deviceCodes.records(),
      pushedRequests: pushedRequests.records(),
    }),
  } satisfies Stores & Record<string, unknown>;
  return checkedStores(stores);
}

/** What every stored token with no extensions holds (never handed out: reads copy it). */
const NO_EXTENSIONS: TokenRecord['extensions'] = Object.freeze({});

/**
 * A token as the store keeps it: its own copy of the record, field by field (the fields of
 * a token record, as a table's columns), with its times as epoch milliseconds, as a
 * database column holds them (no Date objects for the store to keep, compared as numbers by
 * the sweep). Reads make the Dates of the record they hand out.
 */
interface KeptToken {
  readonly accessTokenDigest: string;
  readonly refreshTokenDigest: string | null;
  readonly familyId: string;
  readonly clientId: string;
  readonly userId: string | null;
  readonly scope: string;
  readonly tokenType: string;
  readonly grantType: string;
  readonly issuedAt: number;
  readonly accessTokenExpiresAt: number;
  readonly refreshTokenExpiresAt: number | null;
  revokedAt: number | null;
  rotatedAt: number | null;
  readonly extensions: TokenRecord['extensions'];
}

/**
 * The token the store keeps for `record`. Like a NULL column, a record saved without
 * extensions reads `{}`; those records share one frozen empty object.
 */
function keptToken(record: TokenRecord): KeptToken {
  const extensions = record.extensions;
  return {
    accessTokenDigest: record.accessTokenDigest,
    refreshTokenDigest: record.refreshTokenDigest,
    familyId: record.familyId,
    clientId: record.clientId,
    userId: record.userId,
    scope: record.scope,
    tokenType: record.tokenType,
    grantType: record.grantType,
    issuedAt: record.issuedAt.getTime(),
    accessTokenExpiresAt: record.accessTokenExpiresAt.getTime(),
    refreshTokenExpiresAt: timeOf(record.refreshTokenExpiresAt),
    revokedAt: timeOf(record.revokedAt),
    rotatedAt: timeOf(record.rotatedAt),
    extensions: extensions === undefined || isEmpty(extensions) ? NO_EXTENSIONS : copy(extensions),
  };
}

/** A record of a kept token to hand out: nothing in it is shared with the store. */
function copyToken(r: KeptToken): TokenRecord {
  return {
    accessTokenDigest: r.accessTokenDigest,
    refreshTokenDigest: r.refreshTokenDigest,
    familyId: r.familyId,
    clientId: r.clientId,
    userId: r.userId,
    scope: r.scope,
    tokenType: r.tokenType,
    grantType: r.grantType,
    issuedAt: new Date(r.issuedAt),
    accessTokenExpiresAt: new Date(r.accessTokenExpiresAt),
    refreshTokenExpiresAt: dateOf(r.refreshTokenExpiresAt),
    revokedAt: dateOf(r.revokedAt),
    rotatedAt: dateOf(r.rotatedAt),
    extensions: r.extensions === NO_EXTENSIONS ? {} : copy(r.extensions),
  };
}

function timeOf(date: Date | null): number | null {
  return date === null ? null : date.getTime();
}

function dateOf(time: number | null): Date | null {
  return time === null ? null : new Date(time);
}

function isEmpty(value: object): boolean {
  for (const _ in value) return false;
  return true;
}

/**
 * A deep copy of a record, so that callers and the store never share objects. Records hold
 * only plain objects, arrays, dates and primitives; copying those directly is several times
 * faster than `structuredClone`, which serialises.
 */
function copy<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Date) return new Date(value.getTime()) as T;
  if (Array.isArray(value)) return value.map(copy) as T;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) out[key] = copy((value as Record<string, unknown>)[key]);
  return out as T;
}
