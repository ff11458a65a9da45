import { generateId } from '@oauthkit/core';
import { runReplayStoreSuite } from '@oauthkit/store-tests';
import { describe, expect, it } from 'vitest';
import { createPrismaReplayStore } from '../src/index.js';
import { eachProviderDatabase } from './support/each-provider-database.js';

const later = (ms = 60_000) => new Date(Date.now() + ms);

eachProviderDatabase('prisma_replay', ({ provider, skip, open }) => {
  runReplayStoreSuite({
    name: `prisma/${provider}`,
    skip,
    create: async () => createPrismaReplayStore((await open()).prisma),
  });

  describe.skipIf(skip)(`createPrismaReplayStore on ${provider}`, () => {
    it('keeps one row per id, keyed by namespace, until deleteExpired removes it', async () => {
      const { prisma, raw } = await open();
      const store = createPrismaReplayStore(prisma, { deleteExpiredBatchSize: 2 });
      const id = generateId();
      const expiresAt = later(30_000);
      expect(await store.useOnce('client_assertion', id, expiresAt)).toBe(true);
      expect(await store.useOnce('dpop', id, expiresAt)).toBe(true);
      const rows = await raw.query(
        'SELECT replay_key, expires_at FROM oauth_replay_ids WHERE replay_key LIKE ? ORDER BY replay_key',
        [`%:${id}`],
      );
      expect(rows.map((r) => r.replay_key)).toEqual([`client_assertion:${id}`, `dpop:${id}`]);
      // Five expired ids, deleted in batches of two; the live ones stay.
      const past = new Date(Date.now() - 1000);
      const expired = Array.from({ length: 5 }, () => generateId());
      const clock = createPrismaReplayStore(prisma, { now: () => new Date(0) });
      for (const e of expired) expect(await clock.useOnce('dpop', e, past)).toBe(true);
      expect(await store.deleteExpired(new Date())).toBeGreaterThanOrEqual(5);
      const left = await raw.query('SELECT replay_key FROM oauth_replay_ids');
      const keys = left.map((r) => r.replay_key);
      expect(keys).toContain(`dpop:${id}`);
      for (const e of expired) expect(keys).not.toContain(`dpop:${e}`);
      expect(await store.useOnce('dpop', id, expiresAt)).toBe(false);
    });

    it('an unexpired row is never taken over, whatever the new expiry', async () => {
      const { prisma } = await open();
      const store = createPrismaReplayStore(prisma);
      const id = generateId();
      expect(await store.useOnce('client_assertion', id, later(60_000))).toBe(true);
      expect(await store.useOnce('client_assertion', id, later(1))).toBe(false);
      expect(await store.useOnce('client_assertion', id, later(3_600_000))).toBe(false);
    });

    it('refuses bad arguments and a client without the model', async () => {
      const { prisma } = await open();
      const store = createPrismaReplayStore(prisma);
      await expect(store.useOnce('client_assertion', 'x'.repeat(257), later())).rejects.toThrow(
        TypeError,
      );
      await expect(store.deleteExpired(new Date(Number.NaN))).rejects.toThrow(TypeError);
      expect(() => createPrismaReplayStore({} as never)).toThrow(TypeError);
      expect(() => createPrismaReplayStore(prisma, { deleteExpiredBatchSize: 0 })).toThrow(
        TypeError,
      );
    });
  });
});
