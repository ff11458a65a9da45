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
  const byAccess = new Map<string, TokenRecord>();
  const byRefresh = new Map<string, TokenRecord>();
  // A family of one token (every client_credentials token, every code exchange until its
  // first rotation) is its record itself: no Set per token for the store to keep.
  const families = new Map<string, TokenRecord | Set<TokenRecord>>();
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
    const r = storedToken(record);
    byAccess.set(r.accessTokenDigest, r);
    if (r.refreshTokenDigest !== null) byRefresh.set(r.refreshTokenDigest, r);
    const family = families.get(r.familyId);
    if (family === undefined) families.set(r.familyId, r);
    else if (family instanceof Set) family.add(r);
    else families.set(r.familyId, new Set([family, r]));
    wrote();
  }

  function familyOf(familyId: string): Iterable<TokenRecord> {
    const family = families.get(familyId);
    return family === undefined ? [] : family instanceof Set ? family : [family];
  }

  function leaveFamily(r: TokenRecord): void {
    const family = families.get(r.familyId);
    if (family === r) families.delete(r.familyId);
    else if (family instanceof Set) {
      family.delete(r);
      if (family.size === 0) families.delete(r.familyId);
    }
  }

  // One pass over every record; `deleteExpired` and the automatic sweep share it.
  function deleteExpiredTokens(now: Date): number {
    let deleted = 0;
    for (const r of byAccess.values()) {
      const refreshAlive =
        r.refreshTokenDigest !== null &&
        (r.refreshTokenExpiresAt === null || r.refreshTokenExpiresAt > now);
      if (r.accessTokenExpiresAt > now || refreshAlive) continue;
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
        old.rotatedAt = now;
        old.revokedAt = now;
        return true;
      },
      async revokeAccessToken(digest, now) {
        const r = byAccess.get(digest);
        if (!r || r.revokedAt !== null) return false;
        r.revokedAt = now;
        return true;
      },
      async revokeFamily(familyId, now) {
        let n = 0;
        for (const r of familyOf(familyId)) {
          if (r.revokedAt === null) {
            r.revokedAt = now;
            n++;
          }
        }
        return n;
      },
      async revokeClientTokens(clientId, now) {
        let n = 0;
        for (const r of byAccess.values()) {
          if (r.clientId === clientId && r.revokedAt === null) {
            r.revokedAt = now;
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
 * The record the store keeps for `record`: its own copy, field by field (the fields of a
 * token record, as a table's columns). Like a NULL column, a record saved without extensions
 * reads `{}`; those records share one frozen empty object, so a kept token is its record and
 * its dates.
 */
function storedToken(record: TokenRecord): TokenRecord {
  const extensions = record.extensions;
  return copyTokenWith(
    record,
    extensions === undefined || isEmpty(extensions) ? NO_EXTENSIONS : copy(extensions),
  );
}

/** A copy of a kept token to hand out: nothing in it is shared with the store. */
function copyToken(r: TokenRecord): TokenRecord {
  return copyTokenWith(r, r.extensions === NO_EXTENSIONS ? {} : copy(r.extensions ?? {}));
}

function copyTokenWith(r: TokenRecord, extensions: TokenRecord['extensions']): TokenRecord {
  return {
    accessTokenDigest: r.accessTokenDigest,
    refreshTokenDigest: r.refreshTokenDigest,
    familyId: r.familyId,
    clientId: r.clientId,
    userId: r.userId,
    scope: r.scope,
    tokenType: r.tokenType,
    grantType: r.grantType,
    issuedAt: new Date(r.issuedAt.getTime()),
    accessTokenExpiresAt: new Date(r.accessTokenExpiresAt.getTime()),
    refreshTokenExpiresAt: copyDate(r.refreshTokenExpiresAt),
    revokedAt: copyDate(r.revokedAt),
    rotatedAt: copyDate(r.rotatedAt),
    extensions,
  };
}

function copyDate(date: Date | null): Date | null {
  return date === null ? null : new Date(date.getTime());
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
