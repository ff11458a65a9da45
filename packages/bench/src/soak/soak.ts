// pnpm bench:soak [--minutes N] [--store memory|redis] [--rate R] [--concurrency N] [--sample-seconds S]
//
// Runs the full code + refresh + revoke cycle against a real server listening on 127.0.0.1
// (forked into its own process, see soak-server-main.ts) for N minutes (default 1), samples the
// server's memory every S seconds (default 5), starting R cycles per second (default 100; 0
// for as fast as it goes), and prints the report: requests, errors by
// kind, latencies, memory over time and the heap trend after warm-up. Exits 1 on any error
// or a growing heap.
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { SoakClient } from './create-soak-server.js';
import { formatSoakReport } from './format-soak-report.js';
import type { MemorySample } from './memory-trend.js';
import { runSoak } from './run-soak.js';

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '1' },
    store: { type: 'string', default: 'memory' },
    concurrency: { type: 'string', default: '16' },
    rate: { type: 'string', default: '100' },
    'sample-seconds': { type: 'string', default: '5' },
  },
});
const minutes = Number(values.minutes);
const concurrency = Number(values.concurrency);
const sampleSeconds = Number(values['sample-seconds']);
const rate = Number(values.rate);
if (
  !(minutes > 0 && minutes <= 120) ||
  !Number.isInteger(concurrency) ||
  concurrency < 1 ||
  concurrency > 256 ||
  !(sampleSeconds >= 0.5) ||
  !(rate >= 0) ||
  (values.store !== 'memory' && values.store !== 'redis')
) {
  console.error(
    'usage: pnpm bench:soak [--minutes 0<N<=120] [--store memory|redis] [--rate cycles/s, 0 = unpaced] [--concurrency 1..256] [--sample-seconds >=0.5]',
  );
  process.exit(2);
}

type FromServer =
  | { type: 'ready'; url: string; client: SoakClient; gc: boolean }
  | { type: 'memory'; memory: Omit<MemorySample, 'atSec'> };

const child: ChildProcess = fork(
  fileURLToPath(new URL('./soak-server-main.ts', import.meta.url)),
  [values.store],
  {
    execArgv: ['--import', import.meta.resolve('tsx'), '--conditions=source', '--expose-gc'],
  },
);
const next = <T extends FromServer['type']>(type: T) =>
  new Promise<Extract<FromServer, { type: T }>>((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`soak server exited (${code})`));
    const onMessage = (message: FromServer) => {
      if (message.type !== type) return;
      child.off('message', onMessage);
      child.off('exit', onExit);
      resolve(message as Extract<FromServer, { type: T }>);
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
  });

const ready = await next('ready');
console.log(
  `[soak] ${values.store} store, server ${ready.url} (pid ${child.pid}), ${concurrency} loops, ${rate > 0 ? `${rate} cycles/s` : 'unpaced'}, ${minutes} min, memory every ${sampleSeconds} s`,
);
const result = await runSoak({
  url: ready.url,
  client: ready.client,
  durationMs: minutes * 60_000,
  concurrency,
  ...(rate > 0 ? { cyclesPerSecond: rate } : {}),
  sampleEveryMs: sampleSeconds * 1000,
  sampleMemory: async () => {
    const answer = next('memory');
    child.send({ type: 'sample' });
    return (await answer).memory;
  },
  onSample: (s, tally) => {
    const errors = [...tally.errors.values()].reduce((a, b) => a + b, 0);
    const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
    console.log(
      `[soak] ${s.atSec.toFixed(0).padStart(5)} s  requests ${String(tally.requests).padStart(8)}  errors ${errors}  heapUsed ${mb(s.heapUsed)} MB  rss ${mb(s.rss)} MB`,
    );
  },
});
child.send({ type: 'stop' });
await new Promise((resolve) => child.once('exit', resolve));
const report = formatSoakReport({
  ...result,
  store: values.store,
  concurrency,
  cyclesPerSecond: rate > 0 ? rate : undefined,
  gc: ready.gc,
});
console.log(`\n${report.text}\n`);
process.exit(report.ok ? 0 : 1);
