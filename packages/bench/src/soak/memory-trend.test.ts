import { describe, expect, test } from 'vitest';
import { formatSoakReport } from './format-soak-report.js';
import { type MemorySample, memoryTrend } from './memory-trend.js';
import { createSoakTally } from './run-soak-cycle.js';

const MB = 1024 * 1024;
/** A sample every 5 s for `seconds`, heap from `heapAt(t)` in MB. */
const series = (seconds: number, heapAt: (t: number) => number): MemorySample[] =>
  Array.from({ length: seconds / 5 + 1 }, (_, i) => ({
    atSec: i * 5,
    rss: 100 * MB,
    heapUsed: heapAt(i * 5) * MB,
    heapTotal: 50 * MB,
    external: 2 * MB,
  }));

describe('memoryTrend', () => {
  test('leaves out the warm-up (20%, at least 20 s) and gives slopes in MB per minute', () => {
    // Fast growth during warm-up, then 3 MB per minute.
    const samples = series(600, (t) => (t < 120 ? t : 120 + (t - 120) / 20));
    const trend = memoryTrend(samples);
    expect(trend.warmupSec).toBe(120);
    expect(trend.samplesUsed).toBe(97);
    expect(trend.heapSlopeMbPerMin).toBeCloseTo(3, 6);
    expect(trend.rssSlopeMbPerMin).toBeCloseTo(0, 6);
  });

  test('a sawtooth around a flat line is flat; too short a run is not judged', () => {
    const sawtooth = memoryTrend(series(600, (t) => 20 + ((t / 5) % 4)));
    expect(Math.abs(sawtooth.heapSlopeMbPerMin!)).toBeLessThan(0.1);
    expect(memoryTrend(series(20, () => 20)).heapSlopeMbPerMin).toBeNull();
  });
});

describe('formatSoakReport', () => {
  const run = {
    durationSec: 600,
    store: 'memory',
    concurrency: 16,
    cyclesPerSecond: 100,
    gc: true,
  };

  test('ok when no error and a flat heap', () => {
    const { text, ok } = formatSoakReport({
      ...run,
      tally: createSoakTally(),
      samples: series(600, () => 20),
    });
    expect(ok).toBe(true);
    expect(text).toContain('- Errors: 0 (none)');
    expect(text).toContain('heapUsed +0.000 MB/min');
    expect(text).toContain(': flat.');
  });

  test('not ok on a growing heap, or on any error (listed by kind)', () => {
    const growing = formatSoakReport({
      ...run,
      tally: createSoakTally(),
      samples: series(600, (t) => 20 + t / 30),
    });
    expect(growing.ok).toBe(false);
    expect(growing.text).toContain('GROWING');
    const tally = createSoakTally();
    tally.errors.set('code 400 invalid_grant', 2);
    const failing = formatSoakReport({ ...run, tally, samples: series(600, () => 20) });
    expect(failing.ok).toBe(false);
    expect(failing.text).toContain('  - code 400 invalid_grant: 2');
  });
});
