/** Percentile `p` (0-100) of `values` by nearest rank; `NaN` for none. */
export function percentile(values: readonly number[], p: number): number {
  if (!(p >= 0 && p <= 100)) throw new TypeError('percentile: p must be within 0..100');
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1]!;
}

/**
 * Least-squares line through `points`: the slope (per unit of x) and intercept. A soak's
 * memory trend is the slope of heap size over time after warm-up.
 *
 * @example
 * linearTrend([[0, 10], [1, 12], [2, 14]]); // { slope: 2, intercept: 10 }
 */
export function linearTrend(points: readonly (readonly [number, number])[]): {
  slope: number;
  intercept: number;
} {
  if (points.length < 2) throw new TypeError('linearTrend needs at least two points');
  const n = points.length;
  const meanX = points.reduce((s, [x]) => s + x, 0) / n;
  const meanY = points.reduce((s, [, y]) => s + y, 0) / n;
  let num = 0;
  let den = 0;
  for (const [x, y] of points) {
    num += (x - meanX) * (y - meanY);
    den += (x - meanX) ** 2;
  }
  if (den === 0) throw new TypeError('linearTrend needs at least two distinct x values');
  const slope = num / den;
  return { slope, intercept: meanY - slope * meanX };
}
