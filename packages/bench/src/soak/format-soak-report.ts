import { percentile } from '@oauthkit/reliability';
import { type MemorySample, memoryTrend } from './memory-trend.js';
import { SOAK_STEPS, type SoakTally } from './run-soak-cycle.js';

/** The limit on the heap slope after warm-up, in MB per minute. */
export const HEAP_SLOPE_LIMIT_MB_PER_MIN = 1;

const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);

/**
 * The soak's report as Markdown: totals, errors by kind, latency per step, memory over
 * time and the trend verdict. `ok` is false when any error happened or the heap grows.
 *
 * @example
 * const { text, ok } = formatSoakReport({ ...result, store: 'memory', concurrency: 16 });
 */
export function formatSoakReport(run: {
  tally: SoakTally;
  samples: readonly MemorySample[];
  durationSec: number;
  store: string;
  concurrency: number;
  cyclesPerSecond?: number | undefined;
  gc: boolean;
}): { text: string; ok: boolean } {
  const { tally, samples, durationSec } = run;
  const trend = memoryTrend(samples);
  const errors = [...tally.errors].sort(([, a], [, b]) => b - a);
  const errorCount = errors.reduce((n, [, c]) => n + c, 0);
  const flat =
    trend.heapSlopeMbPerMin !== null && trend.heapSlopeMbPerMin <= HEAP_SLOPE_LIMIT_MB_PER_MIN;
  const slope = (v: number | null) =>
    v === null ? 'n/a (too few samples)' : `${v >= 0 ? '+' : ''}${v.toFixed(3)} MB/min`;
  const lines = [
    `Store: ${run.store}; ${run.concurrency} concurrent loops${
      run.cyclesPerSecond ? ` paced at ${run.cyclesPerSecond} cycles/s` : ', unpaced'
    }; ${durationSec.toFixed(0)} s; loopback; Node ${process.version}.`,
    '',
    `- Cycles: ${tally.cycles} (authorize, code, resource, refresh, revoke, introspect, resource after revocation)`,
    `- Requests: ${tally.requests} (${(tally.requests / durationSec).toFixed(0)}/s)`,
    `- Errors: ${errorCount}${errors.length ? '' : ' (none)'}`,
    ...errors.map(([kind, n]) => `  - ${kind}: ${n}`),
    '',
    '| step | p50 ms | p99 ms |',
    '|---|---:|---:|',
    ...SOAK_STEPS.map((step) => {
      const l = tally.latencies.get(step) ?? [];
      return `| ${step} | ${percentile(l, 50).toFixed(1)} | ${percentile(l, 99).toFixed(1)} |`;
    }),
    '',
    `Server memory (${run.gc ? 'after a forced GC' : 'no forced GC'}), every sample:`,
    '',
    '| t (s) | rss MB | heapUsed MB | heapTotal MB | external MB |',
    '|---:|---:|---:|---:|---:|',
    ...samples.map(
      (s) =>
        `| ${s.atSec.toFixed(0)} | ${mb(s.rss)} | ${mb(s.heapUsed)} | ${mb(s.heapTotal)} | ${mb(s.external)} |`,
    ),
    '',
    `Trend after the warm-up (${trend.warmupSec.toFixed(0)} s, ${trend.samplesUsed} samples): heapUsed ${slope(
      trend.heapSlopeMbPerMin,
    )}, rss ${slope(trend.rssSlopeMbPerMin)}; limit ${HEAP_SLOPE_LIMIT_MB_PER_MIN} MB/min on heapUsed: ${
      trend.heapSlopeMbPerMin === null ? 'not judged' : flat ? 'flat' : 'GROWING'
    }.`,
  ];
  return {
    text: lines.join('\n'),
    ok: errorCount === 0 && (trend.heapSlopeMbPerMin === null || flat),
  };
}
