import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { type BenchOptions, parseBenchArgs } from './bench-args.js';
import { prepareDatabases } from './bench-databases.js';
import { buildServerBundle } from './build-server-bundle.js';
import { SCENARIO_SERVERS } from './catalog.js';
import { currentLoad, machineInfo, packageVersions } from './machine-info.js';
import { renderShareChart } from './render-chart.js';
import { renderReport } from './render-report.js';
import { type Cell, runScenario } from './run-scenario.js';
import { writeBenchmarksMd } from './write-benchmarks-md.js';

const BENCHMARKS_MD = fileURLToPath(new URL('../../../BENCHMARKS.md', import.meta.url));
/** The chart BENCHMARKS.md opens with. */
const BENCHMARKS_SVG = fileURLToPath(new URL('../../../benchmarks.svg', import.meta.url));
const PEERS = [
  '@node-oauth/oauth2-server',
  '@node-oauth/express-oauth-server',
  'oidc-provider',
  'express',
  'autocannon',
];

/** `pnpm bench`: see `bench-args.ts` for the options. */
export async function runBench(argv: readonly string[]): Promise<void> {
  let options: BenchOptions;
  try {
    options = parseBenchArgs(argv);
  } catch (error) {
    console.error((error as Error).message);
    process.exitCode = 2;
    return;
  }
  if (options.maxLoad > 0) await waitForLoad(options.maxLoad);
  const startedAt = Date.now();
  const loadAtStart = currentLoad();
  const serverIds = new Set(
    options.scenarios
      .flatMap((s) => SCENARIO_SERVERS[s].servers)
      .filter(
        (id) => options.servers === null || options.servers.includes(id) || id.startsWith('bare'),
      ),
  );
  console.log(
    `bench: ${options.scenarios.join(', ')}; ${options.reps} × ${options.duration} s at ${options.connections.join(' and ')} connections (load ${loadAtStart.toFixed(2)})`,
  );
  if (options.pin)
    execFileSync('taskset', ['-a', '-p', '-c', '0', String(process.pid)], { stdio: 'ignore' });
  const bundle = await buildServerBundle();
  const databases = await prepareDatabases(serverIds);
  const onSignal = () => {
    void databases.drop().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const cells: Cell[] = [];
  try {
    const env = { ...process.env, ...databases.env };
    for (const scenario of options.scenarios) {
      console.log(`\n${scenario}`);
      cells.push(...(await runScenario(scenario, options, bundle, env, databases.unavailable)));
    }
  } finally {
    await databases.drop();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  const results = renderReport({
    command: ['pnpm bench', ...argv.filter((a) => a !== '--')].join(' '),
    date: new Date(startedAt),
    machine: machineInfo(),
    versions: { ...packageVersions(PEERS), ...databases.versions },
    load: { start: loadAtStart, end: currentLoad() },
    settings: options,
    cells,
    minutes: (Date.now() - startedAt) / 60_000,
  });
  console.log(`\n${results}`);
  if (options.write) {
    writeBenchmarksMd(BENCHMARKS_MD, results);
    writeFileSync(BENCHMARKS_SVG, renderShareChart(cells, options.connections));
    console.log(`\nwritten to ${BENCHMARKS_MD} and ${BENCHMARKS_SVG}`);
  }
  if (options.chart !== null) {
    writeFileSync(options.chart, renderShareChart(cells, options.connections));
    console.log(`chart written to ${options.chart}`);
  }
  if (cells.some((c) => c.problem)) process.exitCode = 1;
}

async function waitForLoad(maxLoad: number): Promise<void> {
  const deadline = Date.now() + 15 * 60_000;
  while (currentLoad() >= maxLoad && Date.now() < deadline) {
    console.log(`bench: load average ${currentLoad().toFixed(2)} ≥ ${maxLoad}, waiting`);
    await sleep(20_000);
  }
}
