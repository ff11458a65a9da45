// Bearer validation on a protected route, in-process, oauthkit against node-oauth2-server:
// each server's request handler as the HTTP bench runs it (oauthkit through
// `createNodeHandler` and `protect`, node-oauth2-server through `authenticate`), with
// stand-in `req` and `res` objects (headers in, `writeHead` and `end` out), so that the CPU
// per request is the libraries' own and the app's, without node:http and the socket.
//   node --import tsx --conditions=source packages/bench/src/bearer-microbench.ts \
//     [requests per round] [rounds] [concurrency]
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import OAuth2Server from '@node-oauth/oauth2-server';
import { createMemoryStores } from '@oauthkit/core/testing';
import { createNodeHandler } from '@oauthkit/node';
import { BASIC_AUTHORIZATION, SCOPE } from './fixtures.js';
import { median } from './median.js';
import { createBenchAuthorizationServer } from './oauthkit-bench-server.js';
import { ACCESS_TOKEN_LIFETIME, createNodeOAuth2Model } from './servers/node-oauth2-model.js';

const perRound = Number(process.argv[2] ?? 100_000);
const rounds = Number(process.argv[3] ?? 5);
const concurrency = Number(process.argv[4] ?? 10);

/** Serves one GET /resource with `req`, answering through `res`. */
type Handler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

function response(done: (status: number) => void): ServerResponse {
  let status = 0;
  return {
    headersSent: false,
    writeHead(s: number) {
      status = s;
      return this;
    },
    end() {
      done(status);
    },
  } as unknown as ServerResponse;
}

function resourceRequest(accessToken: string): IncomingMessage {
  const headers = { host: '127.0.0.1:3000', authorization: `Bearer ${accessToken}` };
  return { method: 'GET', url: '/resource', headers } as unknown as IncomingMessage;
}

/** oauthkit as `servers/oauthkit-server.ts` serves it, with a token it issued itself. */
async function oauthkit(): Promise<{ handle: Handler; token: string }> {
  const server = await createBenchAuthorizationServer(createMemoryStores());
  await server.ready;
  const oauth = createNodeHandler(server);
  const body = Buffer.from(`grant_type=client_credentials&scope=${SCOPE}`);
  const tokenRequest = Object.assign(new Readable({ read() {} }), {
    method: 'POST',
    url: '/token',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: BASIC_AUTHORIZATION,
      'content-length': String(body.length),
    },
  });
  tokenRequest.push(body);
  tokenRequest.push(null);
  let issued = '';
  await oauth(
    tokenRequest as unknown as IncomingMessage,
    {
      headersSent: false,
      writeHead() {
        return this;
      },
      end(text: string) {
        issued = (JSON.parse(text) as { access_token: string }).access_token;
      },
    } as unknown as ServerResponse,
  );
  const handle: Handler = async (req, res) => {
    if (await oauth(req, res)) return;
    const token = await oauth.protect(req, res, [SCOPE]);
    if (!token) return;
    const text = JSON.stringify({ client_id: token.getClientId(), scope: token.getScope() });
    res.writeHead(200, {
      'Content-Type': 'application/json;charset=UTF-8',
      'Content-Length': Buffer.byteLength(text),
    });
    res.end(text);
  };
  return { handle, token: issued };
}

/** node-oauth2-server as `servers/node-oauth2-http-server.ts` serves it. */
async function nodeOAuth2(): Promise<{ handle: Handler; token: string }> {
  const { model } = createNodeOAuth2Model();
  const oauth = new OAuth2Server({
    model: model as never,
    accessTokenLifetime: ACCESS_TOKEN_LIFETIME,
  });
  const issued = (await oauth.token(
    new OAuth2Server.Request({
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: BASIC_AUTHORIZATION,
        'content-length': '1',
      },
      query: {},
      body: { grant_type: 'client_credentials', scope: SCOPE },
    }),
    new OAuth2Server.Response({ headers: {} }),
  )) as { accessToken: string };
  const handle: Handler = async (req, res) => {
    const request = new OAuth2Server.Request({
      method: req.method ?? 'GET',
      headers: req.headers as Record<string, string>,
      query: {},
      body: {},
    });
    const oauthResponse = new OAuth2Server.Response({ headers: {} });
    const token = await oauth.authenticate(request, oauthResponse, { scope: [SCOPE] });
    const text = JSON.stringify({ client_id: token.client.id, scope: token.scope?.join(' ') });
    res.writeHead(200, {
      'content-type': 'application/json;charset=UTF-8',
      'content-length': Buffer.byteLength(text),
    });
    res.end(text);
  };
  return { handle, token: issued.accessToken };
}

/** CPU µs per request of `count` requests, `concurrency` at a time. */
async function round(handle: Handler, token: string, count: number): Promise<number> {
  const req = resourceRequest(token);
  const one = () =>
    new Promise<void>((resolve, reject) => {
      const res = response((s) => (s === 200 ? resolve() : reject(new Error(`status ${s}`))));
      handle(req, res).catch(reject);
    });
  let left = count;
  const before = process.cpuUsage();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (left-- > 0) await one();
    }),
  );
  const cpu = process.cpuUsage(before);
  return (cpu.user + cpu.system) / count;
}

const servers = { oauthkit: await oauthkit(), 'node-oauth2-server': await nodeOAuth2() };
for (const { handle, token } of Object.values(servers)) await round(handle, token, 5000);
const results = new Map<string, number[]>(Object.keys(servers).map((name) => [name, []]));
for (let r = 0; r < rounds; r++) {
  // Alternating, so that drift in the machine's speed spreads over both.
  for (const [name, { handle, token }] of Object.entries(servers)) {
    results.get(name)!.push(await round(handle, token, perRound));
  }
}
for (const [name, us] of results) {
  console.log(
    `${name.padEnd(20)} ${median(us).toFixed(2)} µs/req CPU (rounds ${us.map((v) => v.toFixed(2)).join(' ')}), ${concurrency} concurrent`,
  );
}
