// The client_credentials token request through `createNodeHandler`, in-process, with
// stand-in `req` and `res` (a readable stream with the request's headers and body, and an
// object taking `writeHead` and `end`): the CPU and the bytes allocated per request by the
// binding, the core and the memory store, without the socket and node's HTTP parser.
// The allocation figure needs --expose-gc and a young generation that no window of 1,000
// requests fills (--max-semi-space-size=64), so that no scavenge runs inside it:
//   node --expose-gc --max-semi-space-size=64 --import tsx --conditions=source \
//     packages/bench/src/node-handler-microbench.ts [requests per round] [rounds] [concurrency]
import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import { createMemoryStores } from '@oauthkit/core/testing';
import { createNodeHandler } from '@oauthkit/node';
import { BASIC_AUTHORIZATION, SCOPE } from './fixtures.js';
import { median } from './median.js';
import { createBenchAuthorizationServer } from './oauthkit-bench-server.js';
import { standInResponse } from './stand-in-response.js';

const perRound = Number(process.argv[2] ?? 20_000);
const rounds = Number(process.argv[3] ?? 7);
const concurrency = Number(process.argv[4] ?? 10);
const BODY = Buffer.from(`grant_type=client_credentials&scope=${SCOPE}`);
const HEADERS = {
  host: '127.0.0.1:3000',
  'content-type': 'application/x-www-form-urlencoded',
  authorization: BASIC_AUTHORIZATION,
  'content-length': String(BODY.length),
};

function request(): IncomingMessage {
  const req = new Readable({ read() {} }) as Readable & Record<string, unknown>;
  req.method = 'POST';
  req.url = '/token';
  req.headers = { ...HEADERS };
  req.push(Buffer.from(BODY));
  req.push(null);
  return req as unknown as IncomingMessage;
}

async function round(count: number): Promise<{ us: number; bytes: number }> {
  const server = await createBenchAuthorizationServer(createMemoryStores());
  await server.ready;
  const handler = createNodeHandler(server);
  const one = () =>
    new Promise<void>((resolve, reject) => {
      const res = standInResponse((status) =>
        status === 200 ? resolve() : reject(new Error(`status ${status}`)),
      );
      void handler(request(), res);
    });
  for (let i = 0; i < 200; i++) await one();
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const cpuBefore = process.cpuUsage();
  let left = count;
  const worker = async () => {
    while (left-- > 0) await one();
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const cpu = process.cpuUsage(cpuBefore);
  const heapAfter = process.memoryUsage().heapUsed;
  return {
    us: (cpu.user + cpu.system) / count,
    bytes: (heapAfter - heapBefore) / count,
  };
}

const cpu: number[] = [];
const bytes: number[] = [];
for (let r = 0; r < rounds; r++) {
  cpu.push((await round(perRound)).us);
  // A window short enough that no scavenge runs in it (see the top of the file).
  bytes.push((await round(1000)).bytes);
}
console.log(
  `client_credentials via createNodeHandler: ${median(cpu).toFixed(2)} µs/req CPU, best ${Math.min(...cpu).toFixed(2)} (rounds ${cpu
    .map((v) => v.toFixed(1))
    .join(' ')}), ~${(median(bytes) / 1024).toFixed(1)} KB allocated/req`,
);
