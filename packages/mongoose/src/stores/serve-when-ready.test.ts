import type { Model } from 'mongoose';
import { describe, expect, it } from 'vitest';
import { createIndexGate, serveWhenReady, withTimeout } from './serve-when-ready.js';

const fakeModel = (init: () => Promise<unknown>, createIndexes = init) =>
  ({
    init,
    createIndexes,
    schema: { get: () => true },
    db: { config: {} },
    base: { get: () => undefined },
  }) as unknown as Model<never>;

describe('serveWhenReady', () => {
  it('runs no call before the indexes exist, and fails every call whose index build failed', async () => {
    let builds = 0;
    const seen: string[] = [];
    const model = fakeModel(async () => {
      builds++;
      throw new Error('index build failed');
    });
    const store = serveWhenReady(
      { find: async () => seen.push('find') },
      createIndexGate([model]),
      1000,
    );
    await expect(store.find()).rejects.toThrow('index build failed');
    await expect(store.find()).rejects.toThrow('index build failed');
    expect(seen).toEqual([]);
    // Each call tried again: once MongoDB is back, the store serves.
    expect(builds).toBe(2);
  });

  it('serves once the indexes are built, building them once', async () => {
    let builds = 0;
    const model = fakeModel(async () => {
      builds++;
    });
    const store = serveWhenReady(
      { find: async (x: number) => x * 2 },
      createIndexGate([model]),
      1000,
    );
    expect(await store.find(2)).toBe(4);
    expect(await store.find(3)).toBe(6);
    expect(builds).toBe(1);
  });

  it('fails a call that gets no answer within the timeout', async () => {
    const started = Date.now();
    await expect(withTimeout(new Promise(() => {}), 50, 'findClient')).rejects.toThrow(
      /findClient: MongoDB did not answer within 50 ms/,
    );
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
