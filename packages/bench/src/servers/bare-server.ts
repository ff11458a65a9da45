import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { CLIENT_ID, CLIENT_SECRET, newCode, RESOURCE_BODY, SCOPE } from '../fixtures.js';
import type { BenchServer } from './bench-server.js';

const NO_STORE_JSON = {
  'Content-Type': 'application/json;charset=UTF-8',
  'Cache-Control': 'no-store',
  Pragma: 'no-cache',
};
// Stands in for a token when none is generated, with the length of a real one (43 chars).
const FILLER = 'x'.repeat(43);
const ISSUER = 'http://127.0.0.1';

/**
 * The ceiling: plain `node:http` doing the parsing every OAuth server must do (the form
 * body, the Basic header, the Bearer header) and answering JSON bodies of the size and with
 * the headers oauthkit sends, with no protocol logic at all. With `storeTokens` the token
 * endpoint also generates a 32-byte random token and keeps it in a `Map`, the floor of
 * what issuing a token costs.
 */
export function createBareServer(options: { storeTokens: boolean }): BenchServer {
  const tokens = new Map<string, { clientId: string; scope: string; expiresAt: number }>();
  const http = createServer((req, res) => {
    if (req.method === 'GET' && req.url === '/resource') return resource(req, res);
    if (req.method !== 'POST') return send(res, 404, '{}');
    readBody(req, (body) => {
      const form = new URLSearchParams(body);
      const client = basicCredentials(req.headers.authorization);
      if (client?.id !== CLIENT_ID || client.secret !== CLIENT_SECRET) {
        return send(res, 401, '{"error":"invalid_client"}');
      }
      if (req.url === '/token') return token(res, form);
      if (req.url === '/introspect') return introspect(res, form);
      send(res, 404, '{}');
    });
  });

  function token(res: ServerResponse, form: URLSearchParams) {
    const grantType = form.get('grant_type');
    let accessToken = FILLER;
    if (options.storeTokens) {
      accessToken = randomBytes(32).toString('base64url');
      tokens.set(accessToken, { clientId: CLIENT_ID, scope: SCOPE, expiresAt: Date.now() + 3.6e6 });
    }
    const body: Record<string, unknown> = {
      access_token: accessToken,
      token_type: 'Bearer',
      expires_in: 864000,
    };
    if (grantType === 'authorization_code') body.refresh_token = FILLER;
    body.scope = form.get('scope') ?? SCOPE;
    send(res, 200, JSON.stringify(body));
  }

  function introspect(res: ServerResponse, form: URLSearchParams) {
    const now = Math.floor(Date.now() / 1000);
    const body = {
      active: form.get('token') !== null,
      scope: SCOPE,
      client_id: CLIENT_ID,
      token_type: 'Bearer',
      iat: now,
      iss: ISSUER,
      aud: CLIENT_ID,
      exp: now + 864000,
    };
    send(res, 200, JSON.stringify(body));
  }

  function resource(req: IncomingMessage, res: ServerResponse) {
    const header = req.headers.authorization ?? '';
    const token = header.startsWith('Bearer ') ? header.slice(7) : '';
    if (token === '') return send(res, 401, '{"error":"invalid_token"}');
    res.writeHead(200, {
      'Content-Type': 'application/json;charset=UTF-8',
      'Content-Length': Buffer.byteLength(RESOURCE_BODY),
    });
    res.end(RESOURCE_BODY);
  }

  return {
    http,
    routes: { token: '/token', introspection: '/introspect', resource: '/resource' },
    // Codes are not checked here; any value exercises the same parsing.
    seedCodes: async (count) => Array.from({ length: count }, () => newCode()),
    close: async () => {},
  };
}

function readBody(req: IncomingMessage, done: (body: string) => void) {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => done(Buffer.concat(chunks).toString('utf8')));
}

function basicCredentials(header: string | undefined): { id: string; secret: string } | null {
  if (!header?.startsWith('Basic ')) return null;
  const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon === -1) return null;
  const decode = (v: string) => decodeURIComponent(v.replace(/\+/g, ' '));
  return { id: decode(decoded.slice(0, colon)), secret: decode(decoded.slice(colon + 1)) };
}

function send(res: ServerResponse, status: number, body: string) {
  res.writeHead(status, { ...NO_STORE_JSON, 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}
