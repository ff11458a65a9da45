import type { IncomingMessage } from 'node:http';
import type { AuthorizationServer, ProtectOptions } from '@oauthkit/core';
import {
  type BindingAuthorizationHooks,
  bindAuthorizationHooks,
  createEndpointRouter,
  hasAuthorizationHooks,
  serveEndpoint,
} from '@oauthkit/core/binding';
import { type BodyInput, readRequestBody, sendResponse, toOAuth2Request } from '@oauthkit/node';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { ProtectedRequestHandler } from './oauth-locals.js';
import { createRequireScopes } from './require-scopes.js';

/**
 * Options of {@link createExpressRouter}: the authorization-endpoint hooks over Express's
 * `req`/`res` (`login` typically `res.redirect('/login?next=...')`).
 */
export type ExpressRouterOptions = BindingAuthorizationHooks<Request, Response> & ProtectOptions;

/** The middleware made by {@link createExpressRouter}. */
export interface ExpressRouter extends RequestHandler {
  /**
   * A middleware that lets a request through only with a bearer token holding every one of
   * `scopes` (RFC 6750), and puts it in `res.locals.oauth.token`; otherwise it answers 401
   * or 403 itself.
   */
  requireScopes(...scopes: string[]): ProtectedRequestHandler;
}

/**
 * Serves the authorization server in an Express (4 or 5) app: one middleware for every
 * endpoint, at the paths of `server.config` (matched on `req.originalUrl`, so mounting it on
 * a sub-path changes nothing); other requests go to `next()`. Works with or without
 * `express.urlencoded()` before it: an unread body is read here (capped at `maxBodyBytes`),
 * a parsed one is used as it is (repeated names become arrays, which the core refuses as
 * duplicates; `a[b]=c` objects never become values).
 *
 * @example
 * const oauth = createExpressRouter(server, { getUser, login, renderConsent, getConsent });
 * app.use(oauth);
 * app.get('/api/me', oauth.requireScopes('profile'), (req, res) => {
 *   res.json({ sub: res.locals.oauth.token.getUserId() });
 * });
 */
export function createExpressRouter(
  server: AuthorizationServer,
  options: ExpressRouterOptions = {},
): ExpressRouter {
  const withHooks = hasAuthorizationHooks(options, 'createExpressRouter');
  const route = createEndpointRouter(server, { authorization: withHooks });

  const middleware = async (req: Request, res: Response, next: NextFunction) => {
    try {
      const url = req.originalUrl ?? req.url;
      const query = url.indexOf('?');
      const name = route(query === -1 ? url : url.slice(0, query));
      if (name === null) return next();
      const { maxBodyBytes } = server.config;
      const body = await bodyOf(req, maxBodyBytes);
      const request = toOAuth2Request(req, body, maxBodyBytes, url);
      const outcome = await serveEndpoint(
        server,
        name,
        request,
        bindAuthorizationHooks(options, req, res),
      );
      if (outcome.kind === 'oauth') {
        sendResponse(res, outcome.response, body !== undefined && 'tooLarge' in body);
      }
    } catch (error) {
      // Express 4 does not catch rejected promises: hand every failure to the app's handler.
      next(error);
    }
  };
  return Object.assign(middleware, { requireScopes: createRequireScopes(server, options) });
}

/**
 * The body, wherever it is: already parsed by the app (body-parser marks it with `_body`,
 * or the stream has ended), or still unread, then read here with the cap.
 */
async function bodyOf(req: Request, limit: number): Promise<BodyInput | undefined> {
  if (req.method === 'GET' || req.method === 'HEAD') return undefined;
  const parsedByApp = (req as Request & { _body?: boolean })._body === true || req.readableEnded;
  if (!parsedByApp) return readRequestBody(req as IncomingMessage, limit);
  // The parser had its own, usually larger, limit: hold the body to ours (SECURITY.md rule 30).
  // A Content-Length is exact here (the parser refuses a body of another length); a chunked
  // body has none, so its size is counted from what the parser made of it.
  if (Number(req.headers['content-length']) > limit) return { tooLarge: true };
  if (parsedBodyBytes(req.body) > limit) return { tooLarge: true };
  const parsed: unknown = req.body;
  if (typeof parsed === 'string' || parsed instanceof Uint8Array) return { parsed };
  if (typeof parsed === 'object' && parsed !== null) {
    return { parsed: parsed as Record<string, unknown> };
  }
  return undefined;
}

/**
 * The bytes of a body an app's parser has already read, counted as a conforming client
 * serialises it (`application/x-www-form-urlencoded`, the WHATWG serialiser): exact for such a
 * client, and for any client never less than the size of what reached us.
 */
function parsedBodyBytes(parsed: unknown): number {
  if (typeof parsed === 'string') return Buffer.byteLength(parsed, 'utf8');
  if (parsed instanceof Uint8Array) return parsed.byteLength;
  if (typeof parsed !== 'object' || parsed === null) return 0;
  const form = new URLSearchParams();
  const add = (key: string, value: unknown): void => {
    if (Array.isArray(value)) for (const item of value) add(key, item);
    else if (typeof value === 'object' && value !== null) {
      for (const [name, inner] of Object.entries(value)) add(`${key}[${name}]`, inner);
    } else form.append(key, String(value));
  };
  for (const [key, value] of Object.entries(parsed)) add(key, value);
  return form.toString().length;
}
