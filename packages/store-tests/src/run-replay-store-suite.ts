import { generateId, type ReplayStore } from '@oauthkit/core';
import { afterAll, describe, expect, it } from 'vitest';
import { raceDpopProof } from './race-dpop-proof.js';

/** What {@link runReplayStoreSuite} needs from a store package. */
export interface ReplayStoreSuiteOptions {
  name: string;
  /** When set, every test is registered as skipped under a title giving this reason. */
  skip?: string;
  /**
   * A store to test; called for each race participant too, so that a package can hand out
   * stores over separate connections (a race on one connection proves less).
   */
  create(): ReplayStore | Promise<ReplayStore>;
  /** Called once after the suite: drop the keys, rows or documents it wrote. */
  teardown?(): Promise<void>;
}

/**
 * The {@link ReplayStore} conformance suite (SECURITY.md rule 36): single use, the race
 * (50 concurrent uses of one id: exactly one `true`), the same race as DPoP token requests
 * through five servers (one proof, exactly one token), namespaces, expiry, argument checks.
 * Every store package calls it once against its real database.
 *
 * @example
 * runReplayStoreSuite({ name: 'redis', create: () => createRedisReplayStore(redis, { prefix }) });
 */
export function runReplayStoreSuite(options: ReplayStoreSuiteOptions): void {
  const later = (ms = 60_000) => new Date(Date.now() + ms);
  if (options.skip) {
    console.warn(`[store-tests] ReplayStore ${options.name} skipped: ${options.skip}`);
  }
  const describeOrSkip = options.skip ? describe.skip : describe;
  const title = options.skip ? ` (skipped: ${options.skip})` : '';
  describeOrSkip(`ReplayStore conformance: ${options.name}${title}`, () => {
    if (options.teardown) afterAll(options.teardown);

    it('the first use wins, every later use before expiry loses', async () => {
      const store = await options.create();
      const id = generateId();
      expect(await store.useOnce('client_assertion', id, later())).toBe(true);
      expect(await store.useOnce('client_assertion', id, later())).toBe(false);
      expect(await store.useOnce('client_assertion', generateId(), later())).toBe(true);
    });

    it('50 concurrent uses of one id: exactly one true', async () => {
      const stores = await Promise.all(Array.from({ length: 5 }, () => options.create()));
      const id = generateId();
      const expiresAt = later();
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          stores[i % stores.length]!.useOnce('client_assertion', id, expiresAt),
        ),
      );
      expect(results.filter((r) => r === true)).toHaveLength(1);
    });

    it('50 concurrent token requests with one DPoP proof: exactly one accepted', async () => {
      const stores = await Promise.all(Array.from({ length: 5 }, () => options.create()));
      expect(await raceDpopProof(stores)).toBe(1);
    });

    it('namespaces do not see each other', async () => {
      const store = await options.create();
      const id = generateId();
      expect(await store.useOnce('client_assertion', id, later())).toBe(true);
      expect(await store.useOnce('dpop', id, later())).toBe(true);
      expect(await store.useOnce('dpop', id, later())).toBe(false);
    });

    it('an expired id is taken over by exactly one of 50 concurrent uses', async () => {
      const stores = await Promise.all(Array.from({ length: 5 }, () => options.create()));
      const id = generateId();
      expect(await stores[0]!.useOnce('client_assertion', id, later(50))).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 150));
      const expiresAt = later();
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          stores[i % stores.length]!.useOnce('client_assertion', id, expiresAt),
        ),
      );
      expect(results.filter((r) => r === true)).toHaveLength(1);
      expect(await stores[1]!.useOnce('client_assertion', id, later())).toBe(false);
    });

    it('an id may be used again once it has expired', async () => {
      const store = await options.create();
      const id = generateId();
      expect(await store.useOnce('client_assertion', id, later(50))).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 150));
      expect(await store.useOnce('client_assertion', id, later())).toBe(true);
    });

    it('refuses bad arguments with TypeError', async () => {
      const store = await options.create();
      await expect(store.useOnce('Not A Namespace', 'a', later())).rejects.toThrow(TypeError);
      await expect(store.useOnce('client_assertion', '', later())).rejects.toThrow(TypeError);
      await expect(store.useOnce('client_assertion', 'a', new Date(Number.NaN))).rejects.toThrow(
        TypeError,
      );
    });
  });
}
