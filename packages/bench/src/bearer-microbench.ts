// Bearer validation on a protected route, in-process, oauthkit against node-oauth2-server:
// each bench server's own request listener (`oauthkitListener`, `nodeOAuth2Listener`, what
// the HTTP bench serves) with stand-in `req` and `res` objects (headers in, `writeHead` and
// `end` out), so that the CPU per request is the libraries' own and the app's, without
// node:http and the socket. Each server's token comes from its own token endpoint.
//   pnpm tsx --conditions=source packages/bench/src/bearer-microbench.ts \
//     [requests per round] [rounds] [concurrency]
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import OAuth2Server from '@node-oauth/oauth2-server';
import { createMemoryStores } from '@oauthkit/core/testing';
import { BASIC_AUTHORIZATION, SCOPE } from './fixtures.js';
import { median } from './median.js';
import { createBenchAuthorizationServer } from './oauthkit-bench-server.js';
import { nodeOAuth2Listener } from './servers/node-oauth2-http-server.js';
import { ACCESS_TOKEN_LIFETIME, createNodeOAuth2Model } from './servers/node-oauth2-model.js';
import { oauthkitListener } from './servers/oauthkit-server.js';
import { standInResponse } from './stand-in-response.js';

const perRound = Number(process.argv[2] ?? 100_000);
const rounds = Number(process.argv[3] ?? 5);
const concurrency = Number(process.argv[4] ?? 10);

type Listener = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

/** Runs one request through `listener`; resolves its body, rejects on any status but 200. */
function serve(listener: Listener, req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const res = standInResponse((status, body) =>
      status === 200 ? resolve(body) : reject(new Error(`status ${status}: ${body}`)),
    );
    listener(req, res).catch(reject);
  });
}

/** A client_credentials token from `listener`'s token endpoint. */
async function issueToken(listener: Listener): Promise<string> {
  const body = Buffer.from(`grant_type=client_credentials&scope=${SCOPE}`);
  const req = Object.assign(new Readable({ read() {} }), {
    method: 'POST',
    url: '/token',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: BASIC_AUTHORIZATION,
      'content-length': String(body.length),
    },
  });
  req.push(body);
  req.push(null);
  const text = await serve(listener, req as unknown as IncomingMessage);
  return (JSON.parse(text) as { access_token: string }).access_token;
}

/** CPU µs per request of `count` protected-route requests, `concurrency` at a time. */
async function round(listener: Listener, token: string, count: number): Promise<number> {
  const headers = { host: '127.0.0.1:3000', authorization: `Bearer ${token}` };
  const req = { method: 'GET', url: '/resource', headers } as unknown as IncomingMessage;
  let left = count;
  const before = process.cpuUsage();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (left-- > 0) await serve(listener, req);
    }),
  );
  const cpu = process.cpuUsage(before);
  return (cpu.user + cpu.system) / count;
}

const kit = await createBenchAuthorizationServer(createMemoryStores());
await kit.ready;
const listeners: Record<string, Listener> = {
  oauthkit: oauthkitListener(kit),
  'node-oauth2-server': nodeOAuth2Listener(
    new OAuth2Server({
      model: createNodeOAuth2Model().model as never,
      accessTokenLifetime: ACCESS_TOKEN_LIFETIME,
    }),
  ),
};
const servers = await Promise.all(
  Object.entries(listeners).map(async ([name, listener]) => ({
    name,
    listener,
    token: await issueToken(listener),
    cpu: [] as number[],
  })),
);
for (const { listener, token } of servers) await round(listener, token, 5000);
for (let r = 0; r < rounds; r++) {
  // Alternating, so that drift in the machine's speed spreads over both.
  for (const server of servers)
    server.cpu.push(await round(server.listener, server.token, perRound));
}
for (const { name, cpu } of servers) {
  console.log(
    `${name.padEnd(20)} ${median(cpu).toFixed(2)} µs/req CPU (rounds ${cpu.map((v) => v.toFixed(2)).join(' ')}), ${concurrency} concurrent`,
  );
}
