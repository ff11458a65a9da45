import { describe, expect, it } from 'vitest';
import { createMemoryReplayStore } from './memory-replay-store.js';

const later = (ms = 60_000) => new Date(Date.now() + ms);

describe('createMemoryReplayStore', () => {
  it('50 concurrent uses of one id: exactly one wins (rule 36)', async () => {
    const store = createMemoryReplayStore();
    const expiresAt = later();
    const results = await Promise.all(
      Array.from({ length: 50 }, () => store.useOnce('client_assertion', 'jti-1', expiresAt)),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await store.useOnce('client_assertion', 'jti-1', expiresAt)).toBe(false);
  });

  it('keeps namespaces apart', async () => {
    const store = createMemoryReplayStore();
    expect(await store.useOnce('client_assertion', 'x', later())).toBe(true);
    expect(await store.useOnce('dpop', 'x', later())).toBe(true);
    expect(await store.useOnce('dpop', 'x', later())).toBe(false);
  });

  it('forgets an id after it expires, and sweeps expired ids', async () => {
    let clock = 1_000_000;
    const store = createMemoryReplayStore({ now: () => clock, sweepEvery: 2 });
    expect(await store.useOnce('n', 'a', new Date(clock + 10))).toBe(true);
    expect(await store.useOnce('n', 'a', new Date(clock + 10))).toBe(false);
    clock += 10;
    expect(await store.useOnce('n', 'a', new Date(clock + 10))).toBe(true);
    clock += 100;
    await store.useOnce('n', 'b', new Date(clock + 10));
    await store.useOnce('n', 'c', new Date(clock + 10));
    expect(store.size()).toBe(2);
  });

  it('refuses bad arguments with TypeError', async () => {
    const store = createMemoryReplayStore();
    await expect(store.useOnce('Bad Space', 'a', later())).rejects.toThrow(TypeError);
    await expect(store.useOnce('n', '', later())).rejects.toThrow(TypeError);
    await expect(store.useOnce('n', 'a', new Date(Number.NaN))).rejects.toThrow(TypeError);
    expect(() => createMemoryReplayStore({ sweepEvery: 0 })).toThrow(TypeError);
  });
});
