import { type ChildProcess, fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { SeededCode } from './fixtures.js';
import type { ChildMessage, ParentMessage } from './ipc.js';
import type { Routes } from './servers/bench-server.js';

/** A server running in its own child process, as the bench drives it. */
export interface ServerProcess {
  id: string;
  pid: number;
  port: number;
  routes: Routes;
  canSeed: boolean;
  /** Asks the server to store `count` fresh codes; resolves them. */
  seedCodes(count: number): Promise<SeededCode[]>;
  /** The process's resident set size now, in bytes (from /proc). */
  rssBytes(): number;
  /** The CPU time (user + system) the process has used so far, in µs (from /proc). */
  cpuMicros(): number;
  stop(): Promise<void>;
}

export interface SpawnOptions {
  /** The bundled `server-main.ts`. */
  bundle: string;
  env: NodeJS.ProcessEnv;
  /** Write a V8 CPU profile of the server into this folder when it stops. */
  cpuProfDir?: string;
  /** Run the server on this CPU only (with `taskset`). */
  cpu?: number;
}

/**
 * Forks the server bundle (see `build-server-bundle.ts`) for server `id` and waits for it
 * to listen.
 */
export async function spawnServer(id: string, options: SpawnOptions): Promise<ServerProcess> {
  const execArgv = ['--no-warnings'];
  if (options.cpuProfDir) {
    execArgv.push(
      '--cpu-prof',
      `--cpu-prof-dir=${options.cpuProfDir}`,
      `--cpu-prof-name=${id}-${Date.now()}.cpuprofile`,
    );
  }
  // Pinned, the server has a core of its own and the load generator the other one.
  const pin = options.cpu === undefined ? {} : { execPath: 'taskset' };
  const child = fork(options.bundle, [id], {
    ...pin,
    execArgv:
      options.cpu === undefined
        ? execArgv
        : ['-c', String(options.cpu), process.execPath, ...execArgv],
    env: { ...options.env, NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const ready = await nextMessage(child, 60_000).catch((error: Error) => {
    child.kill();
    throw new Error(`${id} did not start: ${error.message}\n${output}`);
  });
  if (ready.type !== 'ready') {
    child.kill();
    throw new Error(
      `${id} did not start: ${ready.type === 'failed' ? ready.message : ready.type}\n${output}`,
    );
  }
  const pid = child.pid as number;
  // One request at a time over IPC: seeding is the only exchange with answers.
  let queue: Promise<unknown> = Promise.resolve();
  return {
    id,
    pid,
    port: ready.port,
    routes: ready.routes,
    canSeed: ready.canSeed,
    seedCodes(count) {
      const result = queue.then(async () => {
        send(child, { type: 'seed', count });
        const answer = await nextMessage(child, 300_000);
        if (answer.type !== 'seeded') {
          throw new Error(
            `${id} could not seed codes: ${answer.type === 'failed' ? answer.message : answer.type}`,
          );
        }
        return answer.codes;
      });
      queue = result.catch(() => {});
      return result;
    },
    rssBytes: () => readRss(pid),
    cpuMicros: () => readCpuMicros(pid),
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      send(child, { type: 'stop' });
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

function send(child: ChildProcess, message: ParentMessage) {
  child.send(message);
}

function nextMessage(child: ChildProcess, timeoutMs: number): Promise<ChildMessage> {
  return new Promise((resolve, reject) => {
    const cleanup = () => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    const onMessage = (message: ChildMessage) => {
      cleanup();
      resolve(message);
    };
    const onExit = (code: number | null) => {
      cleanup();
      reject(new Error(`exited with code ${code}`));
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`no answer in ${timeoutMs} ms`));
    }, timeoutMs);
    child.on('message', onMessage);
    child.on('exit', onExit);
  });
}

function readRss(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
    return kb === undefined ? Number.NaN : Number(kb) * 1024;
  } catch {
    return Number.NaN;
  }
}

// Clock ticks per second of /proc/<pid>/stat (USER_HZ): 100 on every Linux the bench runs on.
const TICKS_PER_SECOND = 100;

/** utime + stime of `/proc/<pid>/stat`, in µs (a tick is 10 ms: read over whole runs). */
export function readCpuMicros(pid: number): number {
  try {
    return parseCpuMicros(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return Number.NaN;
  }
}

/** utime + stime (fields 14 and 15) of a `/proc/<pid>/stat` line, in µs. */
export function parseCpuMicros(stat: string): number {
  // The command name (field 2) is in parentheses and may hold spaces: count after it.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return ((utime + stime) * 1_000_000) / TICKS_PER_SECOND;
}
