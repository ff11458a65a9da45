import { SCENARIOS, type ScenarioName, SERVERS } from './catalog.js';

/** What `pnpm bench` was asked to do. Durations in seconds. */
export interface BenchOptions {
  scenarios: ScenarioName[];
  /** Only these server ids (ceilings always run, for the ratios); `null` = all. */
  servers: string[] | null;
  connections: number[];
  duration: number;
  warmup: number;
  reps: number;
  quick: boolean;
  /** Write the results into BENCHMARKS.md. */
  write: boolean;
  /** Also write the chart of this run (SVG) here; a full run writes benchmarks.svg itself. */
  chart: string | null;
  /** Write a V8 CPU profile of every server process into this folder. */
  cpuProfDir: string | null;
  /** Wait (up to 15 minutes) for the 1-minute load average to drop below this; 0 = don't. */
  maxLoad: number;
  /** Pin the load generator to CPU 0 and the servers to CPU 1. */
  pin: boolean;
}

export const USAGE = `pnpm bench [-- options]
  --quick                 short smoke run: 1 repetition of 1 s at 10 connections, nothing written
  --only=<scenario>[,..]  ${SCENARIOS.join(', ')}
  --servers=<id>[,..]     ${SERVERS.map((s) => s.id).join(', ')}
  --reps=<n>              repetitions per server and connection count (default 5)
  --duration=<s>          seconds per measured run (default 2)
  --connections=<n>[,..]  (default 10,100)
  --max-load=<n>          first wait for the 1-minute load average to fall below n
  --cpu-prof=<dir>        profile every server process with --cpu-prof into <dir>
  --chart=<file>          write this run's chart (SVG, share of the ceiling) to <file>
  --pin                   load generator on CPU 0, servers on CPU 1 (taskset)
  --write / --no-write    write BENCHMARKS.md (default: only for a full run)`;

/**
 * Parses the arguments of `pnpm bench` (a leading `--`, as pnpm forwards it, is skipped).
 * Mistakes throw a `TypeError` that names the argument.
 */
export function parseBenchArgs(argv: readonly string[]): BenchOptions {
  const values = new Map<string, string | true>();
  for (const arg of argv) {
    if (arg === '--') continue;
    const match = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (!match) throw new TypeError(`unexpected argument ${arg}\n${USAGE}`);
    values.set(match[1]!, match[2] ?? true);
  }
  const known = new Set([
    'quick',
    'only',
    'servers',
    'reps',
    'duration',
    'connections',
    'max-load',
    'cpu-prof',
    'chart',
    'write',
    'pin',
    'no-write',
    'help',
  ]);
  for (const name of values.keys()) {
    if (!known.has(name)) throw new TypeError(`unknown option --${name}\n${USAGE}`);
  }
  if (values.has('help')) throw new TypeError(USAGE);
  const quick = values.get('quick') === true;
  const scenarios = list(values.get('only'), 'only').map((name) => {
    if (!(SCENARIOS as readonly string[]).includes(name)) {
      throw new TypeError(`--only: unknown scenario ${name} (${SCENARIOS.join(', ')})`);
    }
    return name as ScenarioName;
  });
  const servers = list(values.get('servers'), 'servers');
  for (const id of servers) {
    if (!SERVERS.some((s) => s.id === id)) throw new TypeError(`--servers: unknown server ${id}`);
  }
  const partial = quick || scenarios.length > 0 || servers.length > 0 || values.has('reps');
  return {
    scenarios: scenarios.length > 0 ? scenarios : [...SCENARIOS],
    servers: servers.length > 0 ? servers : null,
    connections: values.has('connections')
      ? list(values.get('connections'), 'connections').map((v) => number(v, 'connections', 1000))
      : quick
        ? [10]
        : [10, 100],
    duration: number(values.get('duration') ?? (quick ? '1' : '2'), 'duration', 600),
    warmup: quick ? 0.5 : 1,
    reps: number(values.get('reps') ?? (quick ? '1' : '5'), 'reps', 100),
    quick,
    write: values.has('write') ? true : values.has('no-write') ? false : !partial,
    cpuProfDir: text(values.get('cpu-prof'), 'cpu-prof'),
    chart: text(values.get('chart'), 'chart'),
    pin: values.get('pin') === true,
    maxLoad: values.has('max-load') ? number(values.get('max-load'), 'max-load', 100, true) : 0,
  };
}

function list(value: string | true | undefined, name: string): string[] {
  if (value === undefined) return [];
  if (value === true || value === '') throw new TypeError(`--${name} needs a value`);
  return value.split(',').map((v) => v.trim());
}

function text(value: string | true | undefined, name: string): string | null {
  if (value === undefined) return null;
  if (value === true || value === '') throw new TypeError(`--${name} needs a value`);
  return value;
}

function number(
  value: string | true | undefined,
  name: string,
  max: number,
  fraction = false,
): number {
  const n = typeof value === 'string' ? Number(value) : Number.NaN;
  if (
    !Number.isFinite(n) ||
    n <= 0 ||
    n > max ||
    (!fraction && !Number.isInteger(n) && name !== 'duration')
  ) {
    throw new TypeError(`--${name} must be a positive number up to ${max}, got ${String(value)}`);
  }
  return n;
}
