import { describe, expect, test } from 'vitest';
import { linearTrend, percentile } from './latency-stats.js';

describe('percentile', () => {
  test('nearest rank', () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 99)).toBe(99);
    expect(percentile(values, 100)).toBe(100);
    expect(percentile([7], 1)).toBe(7);
    expect(percentile([], 50)).toBeNaN();
    expect(() => percentile([1], 101)).toThrow(TypeError);
  });
});

describe('linearTrend', () => {
  test('fits a line exactly and a flat noisy series to about zero', () => {
    expect(
      linearTrend([
        [0, 10],
        [1, 12],
        [2, 14],
      ]),
    ).toEqual({ slope: 2, intercept: 10 });
    const flat = Array.from({ length: 50 }, (_, i) => [i, i % 2 === 0 ? 5 : 7] as const);
    expect(Math.abs(linearTrend(flat).slope)).toBeLessThan(0.01);
  });

  test('refuses too few or degenerate points', () => {
    expect(() => linearTrend([[1, 1]])).toThrow(TypeError);
    expect(() =>
      linearTrend([
        [1, 1],
        [1, 2],
      ]),
    ).toThrow(TypeError);
  });
});
