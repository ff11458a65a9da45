import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { type createAuthorizationServer, createCachedClientStore } from '@oauthkit/core';
import { createNodeHandler } from '@oauthkit/node';
import { SCOPE, type SeededCode } from '../fixtures.js';
import { createBenchAuthorizationServer, saveBenchCode } from '../oauthkit-bench-server.js';
import { type BenchServer, eachLimit } from './bench-server.js';
import { type OpenedStores, openStores, type StoreKind } from './oauthkit-stores.js';

/** How oauthkit is served: its node:http handler or its Express middleware. */
export type Binding = 'node' | 'express';

/**
 * oauthkit on `store`, through `binding`, configured as an app would: refresh tokens on
 * (code exchanges return one, as node-oauth2-server's do), clients cached in memory over a
 * database (`createCachedClientStore`), defaults for everything else.
 * The bench client is registered through the store, only its secret's digest kept.
 */
export async function createOauthkitServer(
  binding: Binding,
  store: StoreKind,
  env: NodeJS.ProcessEnv,
): Promise<BenchServer> {
  const opened = await openStores(store, env);
  // Over a database, clients are read through the core's client cache (10 s), as an app
  // with one server process would set it up: client authentication then costs no round trip.
  const stores =
    store === 'memory'
      ? opened.stores
      : { ...opened.stores, clients: createCachedClientStore(opened.stores.clients) };
  const server = await createBenchAuthorizationServer(stores);
  await server.ready;
  return {
    http: binding === 'node' ? nodeApp(server) : await expressApp(server),
    routes: { token: '/token', introspection: '/introspect', resource: '/resource' },
    seedCodes: (count) => seedCodes(opened, count),
    close: () => opened.close(),
  };
}

type Server = ReturnType<typeof createAuthorizationServer>;

function nodeApp(server: Server) {
  return createServer(oauthkitListener(server));
}

/**
 * The node:http request listener of the bench's oauthkit server: the endpoints, then
 * `GET /resource` behind `protect` (also run in-process by `bearer-microbench.ts`).
 */
export function oauthkitListener(
  server: Server,
): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const oauth = createNodeHandler(server);
  return async (req, res) => {
    if (await oauth(req, res)) return;
    if (req.method !== 'GET' || req.url !== '/resource') {
      res.writeHead(404).end();
      return;
    }
    const token = await oauth.protect(req, res, [SCOPE]);
    if (!token) return;
    const body = JSON.stringify({ client_id: token.getClientId(), scope: token.getScope() });
    res.writeHead(200, {
      'Content-Type': 'application/json;charset=UTF-8',
      'Content-Length': Buffer.byteLength(body),
    });
    res.end(body);
  };
}

// Imported only by the Express variant, so that the node:http one's RSS has no Express in it.
async function expressApp(server: Server) {
  const [{ default: express }, { createExpressRouter }] = await Promise.all([
    import('express'),
    import('@oauthkit/express'),
  ]);
  const app = express();
  const oauth = createExpressRouter(server);
  app.use(oauth);
  app.get('/resource', oauth.requireScopes(SCOPE), (_req, res) => {
    const { token } = res.locals.oauth;
    res.json({ client_id: token.getClientId(), scope: token.getScope() });
  });
  return createServer(app);
}

/** Saves `count` codes for the bench client (see saveBenchCode). */
async function seedCodes({ stores }: OpenedStores, count: number): Promise<SeededCode[]> {
  const seeded: SeededCode[] = [];
  await eachLimit(Array.from({ length: count }), 16, async () => {
    seeded.push(await saveBenchCode(stores));
  });
  return seeded;
}
