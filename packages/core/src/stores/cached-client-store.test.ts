import { describe, expect, it } from 'vitest';
import { digestSecret } from '../crypto/digest.js';
import { withMetadataDefaults } from '../models/client-metadata.js';
import { createOAuth2Request } from '../request/create-oauth2-request.js';
import { createAuthorizationServer } from '../server/authorization-server.js';
import { createCachedClientStore } from './cached-client-store.js';
import type { ClientRecord, ClientStore } from './client-store.js';
import { createMemoryStores } from './memory-stores.js';

function record(clientId: string, secret = 's3cret'): ClientRecord {
  return {
    clientId,
    clientSecretDigest: digestSecret(secret),
    clientIdIssuedAt: new Date(0),
    clientSecretExpiresAt: null,
    metadata: withMetadataDefaults({ grantTypes: ['client_credentials'], scope: 'read' }),
  };
}

/** A memory client store that counts its reads. */
function countingStore() {
  const inner = createMemoryStores().clients;
  const counter = { reads: 0 };
  const store: ClientStore = {
    findClient: (id) => {
      counter.reads++;
      return inner.findClient(id);
    },
    saveClient: (r) => inner.saveClient(r),
    deleteClient: (id) => inner.deleteClient(id),
  };
  return { store, inner, counter };
}

describe('createCachedClientStore', () => {
  it('serves a client from memory within the TTL, and reads it again after', async () => {
    const { store, counter } = countingStore();
    let clock = 1000;
    const cached = createCachedClientStore(store, { ttlMs: 500, now: () => clock });
    await cached.saveClient(record('app'));
    expect((await cached.findClient('app'))?.clientId).toBe('app');
    expect((await cached.findClient('app'))?.clientId).toBe('app');
    expect(counter.reads).toBe(1);
    clock += 499;
    await cached.findClient('app');
    expect(counter.reads).toBe(1);
    clock += 1;
    await cached.findClient('app');
    expect(counter.reads).toBe(2);
  });

  it('keeps at most maxEntries clients, dropping the least recently used', async () => {
    const { store, counter } = countingStore();
    const cached = createCachedClientStore(store, { maxEntries: 2 });
    for (const id of ['a', 'b', 'c']) await store.saveClient(record(id));
    await cached.findClient('a');
    await cached.findClient('b');
    await cached.findClient('a'); // a is now the most recent
    await cached.findClient('c'); // evicts b
    expect(counter.reads).toBe(3);
    await cached.findClient('a');
    await cached.findClient('c');
    expect(counter.reads).toBe(3);
    await cached.findClient('b');
    expect(counter.reads).toBe(4);
  });

  it('saveClient and deleteClient through it apply at once', async () => {
    const { store } = countingStore();
    const cached = createCachedClientStore(store);
    await cached.saveClient(record('app', 'old'));
    await cached.findClient('app');
    await cached.saveClient(record('app', 'new'));
    expect((await cached.findClient('app'))?.clientSecretDigest).toBe(digestSecret('new'));
    expect(await cached.deleteClient('app')).toBe(true);
    expect(await cached.findClient('app')).toBeNull();
  });

  it('a read that overlaps a write does not cache what it read', async () => {
    const { inner } = countingStore();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    // The read sees the old client, and resolves only after the write has finished.
    const slow: ClientStore = {
      findClient: async (id) => {
        const found = await inner.findClient(id);
        await gate;
        return found;
      },
      saveClient: (r) => inner.saveClient(r),
      deleteClient: (id) => inner.deleteClient(id),
    };
    const cached = createCachedClientStore(slow);
    await inner.saveClient(record('app', 'old'));
    const reading = cached.findClient('app');
    await new Promise((resolve) => setImmediate(resolve));
    await cached.saveClient(record('app', 'new'));
    release();
    expect((await reading)?.clientSecretDigest).toBe(digestSecret('old'));
    expect((await cached.findClient('app'))?.clientSecretDigest).toBe(digestSecret('new'));
  });

  it('does not cache unknown ids, nor a record of another spelling', async () => {
    const { store, counter } = countingStore();
    const cached = createCachedClientStore(store);
    expect(await cached.findClient('nobody')).toBeNull();
    expect(await cached.findClient('nobody')).toBeNull();
    expect(counter.reads).toBe(2);
    // A store whose collation matched "APP" to "app": nothing is cached under "APP".
    let sloppyReads = 0;
    const sloppy: ClientStore = {
      ...store,
      findClient: async () => {
        sloppyReads++;
        return record('app');
      },
    };
    const cachedSloppy = createCachedClientStore(sloppy);
    await cachedSloppy.findClient('APP');
    await cachedSloppy.findClient('APP');
    expect(sloppyReads).toBe(2);
  });

  it('hands out copies: a caller changing its record does not change the cache', async () => {
    const { store } = countingStore();
    const cached = createCachedClientStore(store);
    await cached.saveClient(record('app'));
    await cached.findClient('app');
    const first = await cached.findClient('app');
    first!.clientSecretDigest = 'tampered';
    first!.clientIdIssuedAt.setTime(5);
    expect(() => {
      (first!.metadata.redirectUris as string[]).push('https://evil.example/');
    }).toThrow(TypeError);
    const second = await cached.findClient('app');
    expect(second!.clientSecretDigest).toBe(digestSecret('s3cret'));
    expect(second!.clientIdIssuedAt.getTime()).toBe(0);
    expect(second!.metadata.redirectUris).toEqual([]);
  });

  it('refuses a TTL or size that is not positive', () => {
    const { store } = countingStore();
    expect(() => createCachedClientStore(store, { ttlMs: 0 })).toThrow(TypeError);
    expect(() => createCachedClientStore(store, { maxEntries: 0 })).toThrow(TypeError);
    expect(() => createCachedClientStore(store, { maxEntries: 1.5 })).toThrow(TypeError);
  });

  it('a server on it authenticates from the cache, and not a deleted client', async () => {
    const stores = createMemoryStores();
    const { store, counter } = countingStore();
    const clients = createCachedClientStore(store);
    await clients.saveClient(record('app'));
    const server = createAuthorizationServer({
      ...stores,
      clients,
      config: { issuer: 'https://as.example' },
    });
    const token = () =>
      server.createEndpointResponseRaw(
        'token',
        createOAuth2Request({
          method: 'POST',
          url: '/token',
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            authorization: `Basic ${Buffer.from('app:s3cret').toString('base64')}`,
          },
          body: new TextEncoder().encode('grant_type=client_credentials&scope=read'),
        }),
      );
    expect((await token()).status).toBe(200);
    expect((await token()).status).toBe(200);
    expect(counter.reads).toBe(1);
    await clients.deleteClient('app');
    expect((await token()).status).toBe(401);
  });
});
