import * as fc from 'fast-check';

/** Options of {@link assertProperty}; the environment overrides them for replays. */
export interface AssertPropertyOptions {
  /** Runs per property (default 200, or `FC_NUM_RUNS`). */
  numRuns?: number;
  /** Longest a single run may take before it counts as a hang, in ms (default 5000). */
  timeoutMs?: number;
}

/**
 * `fc.assert` with this package's settings: bounded runs, a per-run timeout, and replays
 * from the environment. A failure's message starts with fast-check's
 * `{ seed: <n>, path: "<p>", endOnFailure: true }` line and the shrunk counterexample; run
 * again with `FC_SEED=<n> FC_PATH=<p>` to replay exactly that case.
 *
 * @example
 * await assertProperty(fc.asyncProperty(requestArb, async (r) => { ... }));
 */
export async function assertProperty<T>(
  property: fc.IAsyncPropertyWithHooks<T> | fc.IPropertyWithHooks<T>,
  options: AssertPropertyOptions = {},
): Promise<void> {
  const env = process.env;
  const params: fc.Parameters<T> = {
    numRuns: Number(env.FC_NUM_RUNS ?? options.numRuns ?? 200),
    timeout: options.timeoutMs ?? 5_000,
    verbose: fc.VerbosityLevel.Verbose,
    includeErrorInReport: true,
    asyncReporter: async (details) => {
      if (!details.failed) return;
      const report = shorten(fc.defaultReportMessage(details) ?? 'property failed');
      throw new Error(report, { cause: details.errorInstance });
    },
  };
  if (env.FC_SEED !== undefined) params.seed = Number(env.FC_SEED);
  if (env.FC_PATH !== undefined) params.path = env.FC_PATH;
  await fc.assert(property as fc.IAsyncPropertyWithHooks<T>, params);
}

/**
 * Fails the current run with every problem listed and the request that caused them, so
 * the counterexample printed by fast-check reads as a bug report.
 */
export function expectNoProblems(problems: readonly string[], what: string, detail: unknown): void {
  if (problems.length === 0) return;
  const shown = JSON.stringify(detail, (_, v) =>
    typeof v === 'string' && v.length > 300 ? `${v.slice(0, 300)}...(${v.length} chars)` : v,
  );
  throw new Error(`${what}:\n  - ${problems.join('\n  - ')}\n  answer: ${shown}`);
}

/**
 * fast-check's report with huge generated values made readable: long repetitions become
 * `unit<xN>` and every line is capped, so a 16 KiB counterexample does not bury the seed.
 */
export function shorten(report: string): string {
  return report
    .replace(/(.{1,8}?)\1{15,}/gs, (run, unit: string) => `${unit}<x${run.length / unit.length}>`)
    .split('\n')
    .map((line) =>
      line.length > 2_000 ? `${line.slice(0, 2_000)}...(${line.length} chars)` : line,
    )
    .join('\n');
}

/**
 * Whether this is a full run (not a replay, at least the default 200 runs): only then do
 * the coverage guards of the properties (how many runs reached a deep path) apply.
 */
export function isFullRun(): boolean {
  return process.env.FC_PATH === undefined && Number(process.env.FC_NUM_RUNS ?? 200) >= 200;
}
