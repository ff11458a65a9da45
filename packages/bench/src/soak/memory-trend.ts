import { linearTrend } from '@oauthkit/reliability';

/** The server's memory at one moment of a soak (bytes), `atSec` from the start. */
export interface MemorySample {
  atSec: number;
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
}

/** Options of {@link memoryTrend}. */
export interface MemoryTrendOptions {
  /** Part of the run left out as warm-up (default 0.2). */
  warmupFraction?: number;
  /** Shortest warm-up, in seconds (default 20: the stores' records must reach their lifetime). */
  minWarmupSec?: number;
}

const MB = 1024 * 1024;

/**
 * The memory trend of a soak after its warm-up: least-squares slopes of `heapUsed` and `rss`
 * in MB per minute. A leak shows as a steady positive heap slope; a flat heap is ~0.
 *
 * @example
 * const { heapSlopeMbPerMin } = memoryTrend(samples);
 */
export function memoryTrend(samples: readonly MemorySample[], options: MemoryTrendOptions = {}) {
  const last = samples.at(-1)?.atSec ?? 0;
  const warmupSec = Math.max(last * (options.warmupFraction ?? 0.2), options.minWarmupSec ?? 20);
  const used = samples.filter((s) => s.atSec >= warmupSec);
  if (used.length < 3) {
    return { warmupSec, samplesUsed: used.length, heapSlopeMbPerMin: null, rssSlopeMbPerMin: null };
  }
  const slope = (pick: (s: MemorySample) => number) =>
    linearTrend(used.map((s) => [s.atSec / 60, pick(s) / MB] as const)).slope;
  return {
    warmupSec,
    samplesUsed: used.length,
    heapSlopeMbPerMin: slope((s) => s.heapUsed),
    rssSlopeMbPerMin: slope((s) => s.rss),
  };
}
