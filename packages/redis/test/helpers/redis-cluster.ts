import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const HOST = '127.0.0.1';

/** A throwaway Redis Cluster of local `redis-server` processes. */
export interface LocalRedisCluster {
  nodes: { host: string; port: number }[];
  /** Kills every node and removes the data directory; safe to call twice. */
  stop(): Promise<void>;
}

/**
 * Starts `size` masters (no replicas) on free ports in a temporary directory, joins them
 * with `redis-cli --cluster create`, and waits until the cluster reports `ok`. On any
 * failure everything started so far is stopped before the error is thrown.
 */
export async function startLocalRedisCluster(size = 3): Promise<LocalRedisCluster> {
  const dir = await mkdtemp(join(tmpdir(), 'oauthkit-redis-cluster-'));
  const children: ChildProcess[] = [];
  const killAll = () => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  };
  // If the test process dies without running afterAll, the nodes must not outlive it.
  process.once('exit', killAll);
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    process.off('exit', killAll);
    await Promise.all(children.map(stopChild));
    await rm(dir, { recursive: true, force: true });
  };

  try {
    // The cluster bus port is given explicitly, so no fixed `port + 10000` has to be free.
    const ports = await freePorts(size * 2);
    const nodes = Array.from({ length: size }, (_, i) => ({ host: HOST, port: ports[i]! }));
    for (const [i, node] of nodes.entries()) {
      const child = spawn(
        'redis-server',
        [
          ...['--port', String(node.port), '--bind', HOST, '--dir', dir],
          ...['--cluster-enabled', 'yes', '--cluster-port', String(ports[size + i])],
          ...['--cluster-config-file', `nodes-${node.port}.conf`],
          ...['--cluster-node-timeout', '5000', '--save', '', '--appendonly', 'no'],
        ],
        { stdio: 'ignore' },
      );
      children.push(child);
    }
    await Promise.all(
      nodes.map((n) =>
        waitFor(
          () => cli(n.port, 'ping'),
          (out) => out === 'PONG',
        ),
      ),
    );
    await run(
      'redis-cli',
      [
        '--cluster',
        'create',
        ...nodes.map((n) => `${n.host}:${n.port}`),
        '--cluster-replicas',
        '0',
        '--cluster-yes',
      ],
      { timeout: 30_000 },
    );
    await Promise.all(
      nodes.map((n) =>
        waitFor(
          () => cli(n.port, 'cluster', 'info'),
          (out) => out.includes('cluster_state:ok') && out.includes(`cluster_known_nodes:${size}`),
        ),
      ),
    );
    return { nodes, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function cli(port: number, ...args: string[]): Promise<string> {
  const { stdout } = await run('redis-cli', ['-h', HOST, '-p', String(port), ...args], {
    timeout: 5_000,
  });
  return stdout.trim();
}

async function waitFor(
  probe: () => Promise<string>,
  done: (output: string) => boolean,
  timeoutMs = 20_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    last = await probe().catch((e: Error) => e.message);
    if (done(last)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`redis cluster node not ready after ${timeoutMs} ms: ${last}`);
}

/** Ports the OS says are free right now (all held open together, so they are distinct). */
async function freePorts(count: number): Promise<number[]> {
  const servers: Server[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const server = createServer();
      servers.push(server);
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(0, HOST, resolve);
      });
    }
    return servers.map((s) => {
      const address = s.address();
      if (address === null || typeof address === 'string') throw new Error('no port');
      return address.port;
    });
  } finally {
    await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  }
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 3_000);
  await exited;
  clearTimeout(timer);
}
