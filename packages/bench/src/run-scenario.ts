import type { BenchOptions } from './bench-args.js';
import { SCENARIO_SERVERS, type ScenarioName } from './catalog.js';
import { median } from './median.js';
import { type LoadResult, runLoad } from './run-load.js';
import { buildPlan, issueAccessToken, probe, serves } from './scenarios.js';
import { type ServerProcess, spawnServer } from './server-process.js';

/** One run's numbers. */
export interface Sample extends LoadResult {
  rssBytes: number;
  /** CPU time of the server process during the run, per response, in µs. */
  cpuPerRequest: number;
}

/** The results of one server in one scenario at one connection count. */
export interface Cell {
  scenario: ScenarioName;
  serverId: string;
  connections: number;
  samples: Sample[];
  /** Medians over the successful runs. */
  rps: number;
  p50: number;
  p99: number;
  rssBytes: number;
  /** Median server CPU per response, in µs. */
  cpuPerRequest: number;
  /** Bytes of one response body (from the probe). */
  bodyBytes: number;
  /** Why the cell has no (or fewer) numbers. */
  problem?: string;
}

const WARMUP_CODES = 3000;
/** With `--pin`: the servers' CPU; the load generator keeps CPU 0. */
export const SERVER_CPU = 1;

const log = (line: string) => process.stdout.write(`${line}\n`);

/**
 * Measures one scenario: starts its servers (one child process each), checks each answers
 * the scenario correctly, then for each connection count warms each server up and runs the
 * repetitions alternating the servers (A B C, B C A, ...), so that drift in the machine's
 * load spreads over every server alike.
 */
export async function runScenario(
  scenario: ScenarioName,
  options: BenchOptions,
  bundle: string,
  env: NodeJS.ProcessEnv,
  unavailable: ReadonlyMap<string, string>,
): Promise<Cell[]> {
  const { ceiling, servers: all } = SCENARIO_SERVERS[scenario];
  const ids = all.filter(
    (id) => id === ceiling || options.servers === null || options.servers.includes(id),
  );
  const cells: Cell[] = [];
  const problems = new Map<string, string>();
  for (const id of ids) {
    const reason = unavailable.get(id);
    if (reason) problems.set(id, reason);
  }
  const started = await Promise.all(
    ids
      .filter((id) => !problems.has(id))
      .map((id) =>
        spawnServer(id, {
          bundle,
          env,
          cpuProfDir: options.cpuProfDir ?? undefined,
          cpu: options.pin ? SERVER_CPU : undefined,
        }).catch((error: Error) => {
          problems.set(id, error.message.split('\n')[0]!);
          return null;
        }),
      ),
  );
  const servers: { server: ServerProcess; token: string; bodyBytes: number }[] = [];
  try {
    for (const server of started) {
      if (!server) continue;
      try {
        if (!serves(server, scenario)) throw new Error('does not serve this scenario');
        const token =
          scenario === 'bearer' || scenario === 'introspection'
            ? await issueAccessToken(server)
            : '';
        const plan = await buildPlan(scenario, server, { codes: 1, accessToken: token });
        servers.push({ server, token, bodyBytes: await probe(scenario, server, plan) });
      } catch (error) {
        problems.set(server.id, (error as Error).message);
      }
    }
    for (const connections of options.connections) {
      const estimates = new Map<string, number>();
      for (const { server, token } of servers) {
        const plan = await buildPlan(scenario, server, { codes: WARMUP_CODES, accessToken: token });
        const warm = await runLoad(server.port, plan, connections, options.warmup);
        // Codes that ran out during the warm-up only say the server is faster than the pool.
        estimates.set(server.id, warm.exhausted ? (2 * WARMUP_CODES) / options.warmup : warm.rps);
      }
      const samples = new Map<string, Sample[]>(servers.map(({ server }) => [server.id, []]));
      for (let rep = 0; rep < options.reps; rep++) {
        const order = rotate(servers, rep);
        for (const { server, token } of order) {
          const sample = await measure(scenario, server, token, connections, options, estimates);
          samples.get(server.id)!.push(sample);
          log(
            `  ${scenario} c=${connections} rep ${rep + 1}/${options.reps} ${server.id.padEnd(18)} ` +
              `${sample.rps.toFixed(0).padStart(7)} req/s  p50 ${sample.p50.toFixed(2)} ms  p99 ${sample.p99.toFixed(2)} ms` +
              `  CPU ${sample.cpuPerRequest.toFixed(0)} µs/req` +
              (sample.failures > 0 ? `  FAILURES ${JSON.stringify(sample.statusCodes)}` : ''),
          );
        }
      }
      for (const { server, bodyBytes } of servers) {
        cells.push(summarize(scenario, server.id, connections, samples.get(server.id)!, bodyBytes));
      }
    }
  } finally {
    await Promise.all(started.map((s) => s?.stop()));
  }
  for (const [serverId, problem] of problems) {
    for (const connections of options.connections) {
      cells.push({
        scenario,
        serverId,
        connections,
        samples: [],
        rps: Number.NaN,
        p50: Number.NaN,
        p99: Number.NaN,
        rssBytes: Number.NaN,
        cpuPerRequest: Number.NaN,
        bodyBytes: Number.NaN,
        problem,
      });
    }
  }
  return cells;
}

/** One measured run; a run whose codes ran out is repeated with a larger pool. */
async function measure(
  scenario: ScenarioName,
  server: ServerProcess,
  token: string,
  connections: number,
  options: BenchOptions,
  estimates: Map<string, number>,
): Promise<Sample> {
  let pool = Math.ceil((estimates.get(server.id) ?? 1000) * options.duration * 1.5) + 200;
  for (let attempt = 0; ; attempt++) {
    const plan = await buildPlan(scenario, server, {
      codes: scenario === 'code_exchange' ? pool : 0,
      accessToken: token,
    });
    const cpuBefore = server.cpuMicros();
    const result = await runLoad(server.port, plan, connections, options.duration);
    const cpu = server.cpuMicros() - cpuBefore;
    if (result.exhausted && attempt < 2) {
      pool *= 2;
      continue;
    }
    estimates.set(server.id, Math.max(result.rps, estimates.get(server.id) ?? 0));
    const answered = result.ok + result.failures;
    return {
      ...result,
      rssBytes: server.rssBytes(),
      cpuPerRequest: answered > 0 ? cpu / answered : Number.NaN,
    };
  }
}

function summarize(
  scenario: ScenarioName,
  serverId: string,
  connections: number,
  samples: Sample[],
  bodyBytes: number,
): Cell {
  const good = samples.filter((s) => s.failures === 0 && !s.exhausted);
  const cell: Cell = {
    scenario,
    serverId,
    connections,
    samples,
    rps: median(good.map((s) => s.rps)),
    p50: median(good.map((s) => s.p50)),
    p99: median(good.map((s) => s.p99)),
    rssBytes: median(good.map((s) => s.rssBytes)),
    cpuPerRequest: median(good.map((s) => s.cpuPerRequest)),
    bodyBytes,
  };
  const failed = samples.length - good.length;
  if (failed > 0) {
    const codes = samples.filter((s) => s.failures > 0).map((s) => JSON.stringify(s.statusCodes));
    cell.problem = `${failed} of ${samples.length} runs had failures (${codes.join(', ')})`;
  }
  return cell;
}

function rotate<T>(items: readonly T[], by: number): T[] {
  if (items.length === 0) return [];
  const k = by % items.length;
  return [...items.slice(k), ...items.slice(0, k)];
}
