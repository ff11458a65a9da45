import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import OAuth2Server from '@node-oauth/oauth2-server';
import { SCOPE } from '../fixtures.js';
import type { BenchServer } from './bench-server.js';
import { ACCESS_TOKEN_LIFETIME, createNodeOAuth2Model } from './node-oauth2-model.js';

/**
 * @node-oauth/oauth2-server 5 on plain `node:http`: the body parsed into an object with
 * `URLSearchParams` (what a body parser would hand it), the library's `Request`/`Response`
 * copied back to node's response.
 */
export function createNodeOAuth2HttpServer(): BenchServer {
  const { model, seedCodes } = createNodeOAuth2Model();
  const oauth = new OAuth2Server({
    model: model as never,
    accessTokenLifetime: ACCESS_TOKEN_LIFETIME,
  });
  return {
    http: createServer(nodeOAuth2Listener(oauth)),
    routes: { token: '/token', resource: '/resource' },
    seedCodes,
    close: async () => {},
  };
}

/**
 * The node:http request listener of the bench's node-oauth2-server: `POST /token` and
 * `GET /resource` behind `authenticate` (also run in-process by `bearer-microbench.ts`).
 */
export function nodeOAuth2Listener(
  oauth: OAuth2Server,
): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  return async (req, res) => {
    const isToken = req.method === 'POST' && req.url === '/token';
    const isResource = req.method === 'GET' && req.url === '/resource';
    if (!isToken && !isResource) return reply(res, 404, {}, '{}');
    const request = new OAuth2Server.Request({
      method: req.method ?? 'GET',
      headers: req.headers as Record<string, string>,
      query: {},
      body: isToken ? Object.fromEntries(new URLSearchParams(await readBody(req))) : {},
    });
    const response = new OAuth2Server.Response({ headers: {} });
    try {
      if (isToken) {
        await oauth.token(request, response);
        return reply(res, response.status ?? 200, response.headers, JSON.stringify(response.body));
      }
      const token = await oauth.authenticate(request, response, { scope: [SCOPE] });
      const body = JSON.stringify({ client_id: token.client.id, scope: token.scope?.join(' ') });
      reply(res, 200, {}, body);
    } catch (error) {
      const status = (error as { code?: number }).code ?? 500;
      reply(res, status, response.headers, JSON.stringify(response.body ?? {}));
    }
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function reply(
  res: ServerResponse,
  status: number,
  headers: Record<string, unknown> | undefined,
  body: string,
) {
  res.writeHead(status, {
    ...(headers as Record<string, string>),
    'content-type': 'application/json;charset=UTF-8',
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}
