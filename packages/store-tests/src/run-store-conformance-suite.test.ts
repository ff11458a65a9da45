import type { RunnerTestSuite } from 'vitest';
import { describe, expect, it, vi } from 'vitest';
import { createMemorySuiteContext } from './memory-suite-context.js';
import { conformanceGroups, runStoreConformanceSuite } from './run-store-conformance-suite.js';
import { checkSuiteContext } from './suite-checks.js';
import type { StoreSuiteOptions } from './suite-options.js';

// A skipped suite registered at the top level, as a store package without its database would.
const warnings: unknown[][] = [];
const warn = vi.spyOn(console, 'warn').mockImplementation((...args) => {
  warnings.push(args);
});
let hookCalls = 0;
runStoreConformanceSuite({
  name: 'demo/db',
  skip: 'no DemoDB: set DEMO_URL or start Docker',
  setup: async () => {
    hookCalls++;
    throw new Error('setup of a skipped suite ran');
  },
  teardown: async () => {
    hookCalls++;
  },
});
warn.mockRestore();

const SKIPPED_TITLE =
  'store conformance: demo/db (skipped: no DemoDB: set DEMO_URL or start Docker)';
const scenarioCount = Object.values(conformanceGroups).reduce(
  (n, group) => n + Object.keys(group).length,
  0,
);

function countTests(suite: RunnerTestSuite): { total: number; skipped: number } {
  let total = 0;
  let skipped = 0;
  for (const task of suite.tasks) {
    if (task.type === 'suite') {
      const inner = countTests(task);
      total += inner.total;
      skipped += inner.skipped;
    } else {
      total++;
      if (task.mode === 'skip') skipped++;
    }
  }
  return { total, skipped };
}

describe('runStoreConformanceSuite', () => {
  it('prints one warning line naming the store and the reason', () => {
    expect(warnings).toEqual([
      ['[store-tests] demo/db skipped: no DemoDB: set DEMO_URL or start Docker'],
    ]);
  });

  it('registers every scenario as skipped under a title giving the reason', ({ task }) => {
    const suite = task.file.tasks.find((t) => t.name === SKIPPED_TITLE);
    expect(suite?.type).toBe('suite');
    expect(suite!.mode).toBe('skip');
    expect(scenarioCount).toBeGreaterThan(25);
    expect(countTests(suite as RunnerTestSuite)).toEqual({
      total: scenarioCount,
      skipped: scenarioCount,
    });
  });

  it('never runs setup or teardown of a skipped suite', () => {
    expect(hookCalls).toBe(0);
  });

  it('rejects caller mistakes with a TypeError', () => {
    const ok: StoreSuiteOptions = {
      name: 'x',
      setup: async () => createMemorySuiteContext(),
      teardown: async () => {},
    };
    const bad: unknown[] = [
      undefined,
      { ...ok, name: '' },
      { ...ok, setup: undefined },
      { ...ok, teardown: 'no' },
      { ...ok, datePrecision: 'microsecond' },
    ];
    for (const options of bad) {
      expect(() => runStoreConformanceSuite(options as StoreSuiteOptions)).toThrow(TypeError);
    }
  });

  it('rejects an incomplete setup() result with a TypeError listing what is missing', () => {
    expect(() => checkSuiteContext('x', createMemorySuiteContext())).not.toThrow();
    const { stores, raw } = createMemorySuiteContext();
    const incomplete = { stores: { ...stores, codes: undefined }, raw: { ...raw, dump: 1 } };
    expect(() => checkSuiteContext('x', incomplete as never)).toThrow(
      new TypeError('x: setup() returned a context without stores.codes, raw.dump(), reset()'),
    );
  });
});
