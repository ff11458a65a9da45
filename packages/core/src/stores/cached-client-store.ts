import type { ClientMetadata } from '../models/client-metadata.js';
import type { ClientRecord, ClientStore } from './client-store.js';

/** Options of {@link createCachedClientStore}. */
export interface ClientCacheOptions {
  /** How long a client read from the store is served from memory, in ms (default 10 000). */
  ttlMs?: number;
  /** How many clients are kept; the least recently used goes first (default 1000). */
  maxEntries?: number;
  /** The clock, for tests (default `Date.now`). */
  now?: () => number;
}

interface Entry {
  record: ClientRecord;
  expiresAt: number;
}

/**
 * A {@link ClientStore} that keeps the clients `store` finds in memory for a short time, so
 * that an authenticated request does not read its client from the database each time.
 * Bounded (least recently used first out), entries expire after `ttlMs`, and `saveClient` /
 * `deleteClient` through this object drop the client at once. Unknown ids are not cached.
 *
 * Only this process sees its own writes: a client changed or deleted by another process (or
 * through another store object) is still served, as it was, for up to `ttlMs`. Keep the TTL
 * within what a secret rotation or a client removal may take to apply everywhere.
 *
 * @example
 * const stores = createDrizzleStores(db);
 * const server = createAuthorizationServer({
 *   ...stores,
 *   clients: createCachedClientStore(stores.clients, { ttlMs: 5000 }),
 *   config,
 * });
 */
export function createCachedClientStore(
  store: ClientStore,
  options: ClientCacheOptions = {},
): ClientStore {
  const ttlMs = options.ttlMs ?? 10_000;
  const maxEntries = options.maxEntries ?? 1000;
  const now = options.now ?? Date.now;
  if (!Number.isFinite(ttlMs) || ttlMs <= 0) {
    throw new TypeError('createCachedClientStore: ttlMs must be a positive number');
  }
  if (!Number.isInteger(maxEntries) || maxEntries < 1) {
    throw new TypeError('createCachedClientStore: maxEntries must be a positive integer');
  }
  // Map order is insertion order: a hit moves its entry to the end, the first one is the
  // least recently used.
  const entries = new Map<string, Entry>();
  // Bumped by every write: a read that started before a write may have read the old client,
  // so it does not fill the cache.
  let generation = 0;

  return {
    async findClient(clientId) {
      const hit = entries.get(clientId);
      if (hit !== undefined) {
        entries.delete(clientId);
        if (hit.expiresAt > now()) {
          entries.set(clientId, hit);
          return copyRecord(hit.record);
        }
      }
      const started = generation;
      const record = await store.findClient(clientId);
      // `clientId` is compared exactly: a store whose collation ignores case or trailing
      // spaces must not let one spelling fill the entry of another.
      if (record === null || started !== generation || record.clientId !== clientId) {
        return record;
      }
      entries.set(clientId, { record: freezeRecord(record), expiresAt: now() + ttlMs });
      if (entries.size > maxEntries) entries.delete(entries.keys().next().value as string);
      return copyRecord(record);
    },
    async saveClient(record) {
      generation++;
      entries.delete(record.clientId);
      try {
        await store.saveClient(record);
      } finally {
        // Reads that began while the write ran may have read either version.
        generation++;
        entries.delete(record.clientId);
      }
    },
    async deleteClient(clientId) {
      generation++;
      entries.delete(clientId);
      try {
        return await store.deleteClient(clientId);
      } finally {
        generation++;
        entries.delete(clientId);
      }
    },
  };
}

// The cached copy is the caller's own: dates and metadata copied once into the cache, frozen,
// and each hit hands out new `Date`s (a `Date` cannot be frozen).
function freezeRecord(record: ClientRecord): ClientRecord {
  return Object.freeze({
    clientId: record.clientId,
    clientSecretDigest: record.clientSecretDigest,
    clientIdIssuedAt: new Date(record.clientIdIssuedAt.getTime()),
    clientSecretExpiresAt:
      record.clientSecretExpiresAt === null ? null : new Date(record.clientSecretExpiresAt),
    metadata: deepFreeze(structuredClone(record.metadata)) as ClientMetadata,
  });
}

function copyRecord(record: ClientRecord): ClientRecord {
  return {
    clientId: record.clientId,
    clientSecretDigest: record.clientSecretDigest,
    clientIdIssuedAt: new Date(record.clientIdIssuedAt.getTime()),
    clientSecretExpiresAt:
      record.clientSecretExpiresAt === null ? null : new Date(record.clientSecretExpiresAt),
    metadata: record.metadata,
  };
}

function deepFreeze(value: unknown): unknown {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
