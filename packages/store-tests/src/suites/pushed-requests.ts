import {
  digestToken,
  generateId,
  type PushedRequestRecord,
  type PushedRequestStore,
} from '@oauthkit/core';
import { MAX_PUSHED_REQUEST_PARAMETERS_BYTES } from '@oauthkit/core/stores';
import { expect } from 'vitest';

/** Hands out stores over one database; called for each race participant too. */
export type PushedRequestStoreFactory = () => PushedRequestStore | Promise<PushedRequestStore>;

/** One check of the pushed request group, run against a store factory. */
export type PushedRequestScenario = (create: PushedRequestStoreFactory) => Promise<void>;

/** A new record for `clientId`, expiring `ms` from now; dates whole milliseconds. */
export function pushedRequestRecord(
  clientId = `client-${generateId()}`,
  ms = 60_000,
  parameters = 'response_type=code&client_id=c&scope=read+write&resource=https%3A%2F%2Fa&resource=https%3A%2F%2Fb',
): PushedRequestRecord {
  const now = Date.now();
  return {
    requestUriDigest: digestToken(`urn:ietf:params:oauth:request_uri:${generateId()}`),
    clientId,
    parameters,
    issuedAt: new Date(now),
    expiresAt: new Date(now + ms),
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The `PushedRequestStore` conformance checks (RFC 9126, SECURITY.md rule 42): a
 * record reads back as written, is never overwritten, is used once (50 concurrent
 * consumes: exactly one wins), only by its own client, and expires.
 */
export const pushedRequestScenarios: Record<string, PushedRequestScenario> = {
  async 'a saved request reads back as written, parameters byte for byte'(create) {
    const store = await create();
    const record = pushedRequestRecord(
      undefined,
      60_000,
      `${new URLSearchParams({ state: 'é ✓ +%&=', claims: '{"a":1}' })}&resource=x&resource=y`,
    );
    await store.savePushedRequest(record);
    expect(await store.findPushedRequest(record.requestUriDigest)).toEqual(record);
    expect(await store.findPushedRequest(digestToken(generateId()))).toBeNull();
  },

  async 'the largest parameter string a store must take fits'(create) {
    const store = await create();
    const big = `state=${'a'.repeat(MAX_PUSHED_REQUEST_PARAMETERS_BYTES - 'state='.length)}`;
    const record = pushedRequestRecord(undefined, 60_000, big);
    await store.savePushedRequest(record);
    expect((await store.findPushedRequest(record.requestUriDigest))?.parameters).toBe(big);
  },

  async 'a digest saved twice rejects and keeps the first record'(create) {
    const store = await create();
    const record = pushedRequestRecord();
    await store.savePushedRequest(record);
    await expect(
      store.savePushedRequest({ ...record, clientId: 'attacker', parameters: 'x=1' }),
    ).rejects.toThrow();
    expect(await store.findPushedRequest(record.requestUriDigest)).toEqual(record);
  },

  async 'consume by its own client resolves the record once, then nothing'(create) {
    const store = await create();
    const record = pushedRequestRecord();
    await store.savePushedRequest(record);
    expect(await store.consumePushedRequest(record.requestUriDigest, record.clientId)).toEqual(
      record,
    );
    expect(await store.consumePushedRequest(record.requestUriDigest, record.clientId)).toBeNull();
    expect(await store.findPushedRequest(record.requestUriDigest)).toBeNull();
    expect(await store.consumePushedRequest(digestToken(generateId()), 'x')).toBeNull();
  },

  async "another client's consume is refused and leaves the record usable"(create) {
    const store = await create();
    const record = pushedRequestRecord();
    await store.savePushedRequest(record);
    expect(await store.consumePushedRequest(record.requestUriDigest, 'another-client')).toBeNull();
    expect(await store.findPushedRequest(record.requestUriDigest)).toEqual(record);
    expect(await store.consumePushedRequest(record.requestUriDigest, record.clientId)).toEqual(
      record,
    );
  },

  async '50 concurrent consumes of one request: exactly one wins'(create) {
    const stores = await Promise.all(Array.from({ length: 5 }, () => create()));
    const record = pushedRequestRecord();
    await stores[0]!.savePushedRequest(record);
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        stores[i % stores.length]!.consumePushedRequest(record.requestUriDigest, record.clientId),
      ),
    );
    const winners = results.filter((r) => r !== null);
    expect(winners).toHaveLength(1);
    expect(winners[0]).toEqual(record);
  },

  async '50 concurrent consumes, half by another client: only the owner can win'(create) {
    const stores = await Promise.all(Array.from({ length: 5 }, () => create()));
    const record = pushedRequestRecord();
    await stores[0]!.savePushedRequest(record);
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        stores[i % stores.length]!.consumePushedRequest(
          record.requestUriDigest,
          i % 2 === 0 ? 'another-client' : record.clientId,
        ).then((r) => ({ owner: i % 2 === 1, r })),
      ),
    );
    const winners = results.filter(({ r }) => r !== null);
    expect(winners).toHaveLength(1);
    expect(winners[0]!.owner).toBe(true);
  },

  async 'deleteExpired removes expired requests only'(create) {
    const store = await create();
    const expired = pushedRequestRecord(undefined, 50);
    const live = pushedRequestRecord();
    await store.savePushedRequest(expired);
    await store.savePushedRequest(live);
    await sleep(150);
    const deleted = await store.deleteExpired(new Date());
    // A store with expiring keys (Redis) may have forgotten it already: 0 or 1 deleted here.
    expect(deleted).toBeGreaterThanOrEqual(0);
    expect(await store.findPushedRequest(expired.requestUriDigest)).toBeNull();
    expect(await store.findPushedRequest(live.requestUriDigest)).toEqual(live);
    expect(await store.deleteExpired(new Date())).toBe(0);
  },

  async 'caller mistakes are TypeErrors before the store is asked'(create) {
    const store = await create();
    const record = pushedRequestRecord();
    await expect(store.savePushedRequest({ ...record, requestUriDigest: '' })).rejects.toThrow(
      TypeError,
    );
    await expect(
      store.savePushedRequest({ ...record, expiresAt: new Date(Number.NaN) }),
    ).rejects.toThrow(TypeError);
    await expect(
      store.savePushedRequest({
        ...record,
        parameters: 'a'.repeat(MAX_PUSHED_REQUEST_PARAMETERS_BYTES + 1),
      }),
    ).rejects.toThrow(TypeError);
    await expect(store.findPushedRequest('')).rejects.toThrow(TypeError);
    await expect(
      store.consumePushedRequest(record.requestUriDigest, undefined as unknown as string),
    ).rejects.toThrow(TypeError);
    await expect(store.deleteExpired(new Date(Number.NaN))).rejects.toThrow(TypeError);
    expect(await store.findPushedRequest(record.requestUriDigest)).toBeNull();
  },
};
