import { generateId } from '@oauthkit/core';
import { runReplayStoreSuite } from '@oauthkit/store-tests';
import { afterAll, describe, expect, it } from 'vitest';
import { createDrizzleReplayStore } from '../src/index.js';
import { migratedTargets, type Target } from './migrated-targets.js';

const targets = migratedTargets('drizzle-replay');
const later = (ms = 60_000) => new Date(Date.now() + ms);

for (const { name, skip, open } of targets) {
  let target: Promise<Target> | undefined;
  const get = () => {
    target ??= open();
    return target;
  };
  afterAll(async () => (await target)?.close());

  runReplayStoreSuite({
    name: `drizzle/${name}`,
    skip,
    create: async () => createDrizzleReplayStore((await get()).connect()),
  });

  describe.skipIf(skip)(`createDrizzleReplayStore on ${name}`, () => {
    it('keeps one row per id and namespace until deleteExpired removes it, in batches', async () => {
      const t = await get();
      const store = createDrizzleReplayStore(t.connect(), { deleteExpiredBatchSize: 2 });
      const id = generateId();
      expect(await store.useOnce('client_assertion', id, later(30_000))).toBe(true);
      expect(await store.useOnce('dpop', id, later(30_000))).toBe(true);
      const keys = async () =>
        (await t.query('SELECT replay_key FROM oauth_replay_ids')).map((r) =>
          Buffer.isBuffer(r['replay_key']) ? r['replay_key'].toString('utf8') : r['replay_key'],
        );
      expect(await keys()).toEqual(
        expect.arrayContaining([`client_assertion:${id}`, `dpop:${id}`]),
      );
      const expired = Array.from({ length: 5 }, () => generateId());
      const past = new Date(Date.now() - 1000);
      for (const e of expired) expect(await store.useOnce('dpop', e, past)).toBe(true);
      expect(await store.deleteExpired(new Date())).toBeGreaterThanOrEqual(5);
      const left = await keys();
      expect(left).toContain(`dpop:${id}`);
      for (const e of expired) expect(left).not.toContain(`dpop:${e}`);
      expect(await store.deleteExpired(new Date())).toBe(0);
      expect(await store.useOnce('dpop', id, later())).toBe(false);
    });

    it('an unexpired row is never taken over, whatever the new expiry', async () => {
      const store = createDrizzleReplayStore((await get()).connect());
      const id = generateId();
      expect(await store.useOnce('client_assertion', id, later(60_000))).toBe(true);
      expect(await store.useOnce('client_assertion', id, later(1))).toBe(false);
      expect(await store.useOnce('client_assertion', id, later(3_600_000))).toBe(false);
    });

    it('keys match exactly: case and trailing spaces make another id', async () => {
      const store = createDrizzleReplayStore((await get()).connect());
      const id = `Ab${generateId()}`;
      expect(await store.useOnce('client_assertion', id, later())).toBe(true);
      expect(await store.useOnce('client_assertion', id.toLowerCase(), later())).toBe(true);
      expect(await store.useOnce('client_assertion', `${id} `, later())).toBe(true);
      expect(await store.useOnce('client_assertion', id, later())).toBe(false);
    });

    it('refuses bad arguments and options', async () => {
      const db = (await get()).connect();
      const store = createDrizzleReplayStore(db);
      await expect(store.useOnce('client_assertion', 'x'.repeat(257), later())).rejects.toThrow(
        TypeError,
      );
      await expect(store.deleteExpired(new Date(Number.NaN))).rejects.toThrow(TypeError);
      expect(() => createDrizzleReplayStore(db, { deleteExpiredBatchSize: 0 })).toThrow(TypeError);
      expect(() => createDrizzleReplayStore({} as never)).toThrow(TypeError);
    });
  });
}
