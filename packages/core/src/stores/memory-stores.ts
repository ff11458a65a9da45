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
  const families = new Map<string, Set<TokenRecord>>();
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
    // Like a database column that is NULL: a record saved without extensions reads `{}`.
    const r = copy({ ...record, extensions: record.extensions ?? {} });
    byAccess.set(r.accessTokenDigest, r);
    if (r.refreshTokenDigest !== null) byRefresh.set(r.refreshTokenDigest, r);
    let family = families.get(r.familyId);
    if (!family) {
      family = new Set();
      families.set(r.familyId, family);
    }
    family.add(r);
    wrote();
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
      const family = families.get(r.familyId);
      family?.delete(r);
      if (family?.size === 0) families.delete(r.familyId);
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
        return r ? copy(r) : null;
      },
      async findByRefreshToken(digest) {
        const r = byRefresh.get(digest);
        return r ? copy(r) : null;
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
        for (const r of families.get(familyId) ?? []) {
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
      tokens: [...byAccess.values()].map(copy),
      codes: [...codes.values()].map(copy),
      deviceCodes: deviceCodes.records(),
      pushedRequests: pushedRequests.records(),
    }),
  } satisfies Stores & Record<string, unknown>;
  return checkedStores(stores);
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
