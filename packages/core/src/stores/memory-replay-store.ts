import { checkReplayArguments, type ReplayStore } from './replay-store.js';

/** Options of {@link createMemoryReplayStore}. */
export interface MemoryReplayStoreOptions {
  /** Drop expired ids after this many writes (default 1000). */
  sweepEvery?: number;
  /** The clock, for tests; default `Date.now`. */
  now?: () => number;
}

/**
 * An in-process {@link ReplayStore}: for tests and single-instance servers. Atomic by
 * JavaScript's run-to-completion: `useOnce` reads and writes without awaiting in between.
 * Several server processes need a shared store (Redis, a database) instead.
 *
 * @example
 * const replay = createMemoryReplayStore();
 * server.registerClientAuthMethod(createPrivateKeyJwtMethod({ replayStore: replay }));
 */
export function createMemoryReplayStore(options: MemoryReplayStoreOptions = {}): ReplayStore & {
  /** How many ids are held, expired ones not yet swept included. */
  size(): number;
} {
  const sweepEvery = options.sweepEvery ?? 1000;
  if (!Number.isInteger(sweepEvery) || sweepEvery < 1) {
    throw new TypeError('sweepEvery must be a positive integer');
  }
  const now = options.now ?? Date.now;
  const seen = new Map<string, number>();
  let writesUntilSweep = sweepEvery;
  const sweep = (at: number) => {
    for (const [key, expiresAt] of seen) if (expiresAt <= at) seen.delete(key);
  };
  return {
    async useOnce(namespace, id, expiresAt) {
      checkReplayArguments(namespace, id, expiresAt);
      const at = now();
      const key = `${namespace}\u0000${id}`;
      const held = seen.get(key);
      if (held !== undefined && held > at) return false;
      seen.set(key, expiresAt.getTime());
      if (--writesUntilSweep <= 0) {
        sweep(at);
        writesUntilSweep = Math.max(sweepEvery, seen.size);
      }
      return true;
    },
    size: () => seen.size,
  };
}
