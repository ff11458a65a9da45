import { pushedRequestRecord, runPushedRequestStoreSuite } from '@oauthkit/store-tests';
import { afterAll, describe, expect, it } from 'vitest';
import { createDrizzlePushedRequestStore, createDrizzleStores } from '../src/index.js';
import { migratedTargets, type Target } from './migrated-targets.js';

const targets = migratedTargets('drizzle-par');

for (const { name, skip, open } of targets) {
  let target: Promise<Target> | undefined;
  const get = () => {
    target ??= open();
    return target;
  };
  afterAll(async () => (await target)?.close());

  runPushedRequestStoreSuite({
    name: `drizzle/${name}`,
    skip,
    create: async () => createDrizzlePushedRequestStore((await get()).connect()),
  });

  describe.skipIf(skip)(`createDrizzlePushedRequestStore on ${name}`, () => {
    it('keeps the digest and deletes the row when used; expired rows go in batches', async () => {
      const t = await get();
      const store = createDrizzleStores(t.connect(), { deleteExpiredBatchSize: 2 }).pushedRequests;
      const record = pushedRequestRecord();
      await store.savePushedRequest(record);
      const stored = await t.query(
        `SELECT client_id, parameters FROM oauth_pushed_requests WHERE client_id = '${record.clientId}'`,
      );
      expect(stored).toEqual([{ client_id: record.clientId, parameters: record.parameters }]);
      expect(await store.consumePushedRequest(record.requestUriDigest, record.clientId)).toEqual(
        record,
      );
      const expired = Array.from({ length: 5 }, () => pushedRequestRecord(undefined, -1_000));
      for (const r of expired) await store.savePushedRequest(r);
      expect(await store.deleteExpired(new Date())).toBeGreaterThanOrEqual(5);
      for (const r of expired) expect(await store.findPushedRequest(r.requestUriDigest)).toBeNull();
    });

    it('refuses bad options', async () => {
      const t = await get();
      expect(() =>
        createDrizzlePushedRequestStore(t.connect(), { deleteExpiredBatchSize: 0 }),
      ).toThrow(TypeError);
    });
  });
}
