import * as fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { assertProperty, expectNoProblems, shorten } from './assert-property.js';

describe('assertProperty', () => {
  test('a failure names the seed and path to replay, the counterexample and the error', async () => {
    const failing = fc.asyncProperty(fc.integer({ min: 0, max: 1000 }), async (n) => {
      expectNoProblems(n > 10 ? ['too big'] : [], 'size', { n });
    });
    const error = await assertProperty(failing).catch((e: unknown) => e as Error);
    expect(error).toBeInstanceOf(Error);
    expect(error!.message).toMatch(/\{ seed: -?\d+, path: "[\d:]+", endOnFailure: true \}/);
    // Shrunk to the smallest failing value.
    expect(error!.message).toContain('Counterexample: [11]');
    expect(error!.message).toContain('too big');
  });

  test('replays from the run named by FC_SEED and FC_PATH', async () => {
    const seen: number[] = [];
    const property = fc.asyncProperty(fc.integer(), async (n) => {
      seen.push(n);
    });
    process.env.FC_SEED = '42';
    process.env.FC_PATH = '3';
    try {
      await assertProperty(property);
    } finally {
      delete process.env.FC_SEED;
      delete process.env.FC_PATH;
    }
    // The replay starts at that run (and would stop there, had it failed).
    const expected = fc.sample(fc.integer(), { seed: 42, numRuns: 4 })[3];
    expect(seen[0]).toBe(expected);
  });

  test('a run that hangs fails instead of stalling the suite', async () => {
    const hanging = fc.asyncProperty(fc.constant(0), () => new Promise<void>(() => {}));
    await expect(assertProperty(hanging, { numRuns: 1, timeoutMs: 50 })).rejects.toThrow(
      /timeout/i,
    );
  });

  test('shortens huge repeated values but keeps the rest of the report', () => {
    const report = `{ seed: 1, path: "0" }\nCounterexample: ["${'ab'.repeat(5000)}"]`;
    expect(shorten(report)).toBe('{ seed: 1, path: "0" }\nCounterexample: ["ab<x5000>"]');
  });
});
