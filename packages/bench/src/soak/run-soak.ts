import type { SoakClient } from './create-soak-server.js';
import type { MemorySample } from './memory-trend.js';
import { createSoakTally, runSoakCycle, type SoakTally } from './run-soak-cycle.js';

/** Options of {@link runSoak}. */
export interface RunSoakOptions {
  /** The server's base URL (loopback only). */
  url: string;
  client: SoakClient;
  durationMs: number;
  /** Concurrent cycles (default 16). */
  concurrency?: number;
  /**
   * Cycles started per second, all loops together (default: as fast as they go). A steady
   * rate keeps the stores' steady size constant, so the heap trend shows leaks, not load.
   */
  cyclesPerSecond?: number;
  /** Memory sampling period (default 5000 ms). */
  sampleEveryMs?: number;
  /** The server's memory now (its process: after a forced GC when it can). */
  sampleMemory: () => Promise<Omit<MemorySample, 'atSec'>>;
  /** Called with every sample and the counters so far (for progress lines). */
  onSample?: (sample: MemorySample, tally: SoakTally) => void;
}

/**
 * Runs the soak: `concurrency` loops of the full cycle against a listening server for
 * `durationMs`, sampling the server's memory every `sampleEveryMs` (and at the start and
 * the end). Refuses non-loopback URLs: a soak is never pointed at someone's server.
 *
 * @example
 * const { tally, samples } = await runSoak({ url, client, durationMs: 60_000, sampleMemory });
 */
export async function runSoak(options: RunSoakOptions) {
  const { hostname } = new URL(options.url);
  if (hostname !== '127.0.0.1' && hostname !== 'localhost' && hostname !== '[::1]') {
    throw new TypeError(`runSoak: loopback only, not ${hostname}`);
  }
  if (!(options.durationMs > 0)) throw new TypeError('runSoak: durationMs must be > 0');
  const tally = createSoakTally();
  const samples: MemorySample[] = [];
  // The baseline, before any load: t = 0 however long the first sample took.
  const baseline = await options.sampleMemory();
  const startedAt = performance.now();
  const stopAt = startedAt + options.durationMs;
  const first = { atSec: 0, ...baseline };
  samples.push(first);
  options.onSample?.(first, tally);
  const sample = async () => {
    const memory = await options.sampleMemory();
    const taken = { atSec: (performance.now() - startedAt) / 1000, ...memory };
    samples.push(taken);
    options.onSample?.(taken, tally);
  };
  const every = options.sampleEveryMs ?? 5_000;
  let sampling = Promise.resolve();
  const timer = setInterval(() => {
    sampling = sampling.then(sample);
  }, every);
  const pace = createPacer(options.cyclesPerSecond);
  const loops = Array.from({ length: options.concurrency ?? 16 }, async () => {
    while (performance.now() < stopAt) {
      await pace();
      if (performance.now() >= stopAt) break;
      await runSoakCycle(options.url, options.client, tally);
    }
  });
  await Promise.all(loops);
  clearInterval(timer);
  await sampling;
  await sample();
  return { tally, samples, durationSec: (performance.now() - startedAt) / 1000 };
}

/** Hands out start times `1 / rate` apart; a loop that is late starts at once, without bursts. */
function createPacer(rate: number | undefined): () => Promise<void> {
  if (rate === undefined) return async () => {};
  if (!(rate > 0)) throw new TypeError('runSoak: cyclesPerSecond must be > 0');
  const gap = 1000 / rate;
  let next = performance.now();
  return async () => {
    const now = performance.now();
    // Never bank more than a second of missed slots.
    next = Math.max(next, now - 1000);
    const wait = next - now;
    next += gap;
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  };
}
