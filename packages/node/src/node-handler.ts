import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AuthorizationServer, ProtectOptions, ProtectResult, Token } from '@oauthkit/core';
import {
  type BindingAuthorizationHooks,
  bindAuthorizationHooks,
  createEndpointRouter,
  type EndpointName,
  hasAuthorizationHooks,
  serveEndpoint,
} from '@oauthkit/core/binding';
import { type RequestBody, readRequestBody } from './read-request-body.js';
import { sendResponse } from './send-response.js';
import { toOAuth2Request } from './to-oauth2-request.js';

/**
 * Options of {@link createNodeHandler}: the authorization-endpoint hooks over node's `req`
 * and `res` (`login` and `renderConsent` write the response themselves), and `onError`.
 */
export interface NodeHandlerOptions
  extends BindingAuthorizationHooks<IncomingMessage, ServerResponse>,
    ProtectOptions {
  /**
   * Called when an app hook throws (the handler then answers 500 if nothing was sent yet).
   * Default: `console.error`.
   */
  onError?(error: unknown, req: IncomingMessage): void;
}

/** The handler made by {@link createNodeHandler}. */
export interface NodeHandler {
  /** Serves `req` if its path is an endpoint; resolves `false`, untouched, otherwise. */
  (req: IncomingMessage, res: ServerResponse): Promise<boolean>;
  /**
   * Checks the bearer token of `req` for `scopes` (RFC 6750, `Authorization` header only;
   * the body is not read). Resolves the token, or `null` after answering 401 or 403.
   */
  protect(
    req: IncomingMessage,
    res: ServerResponse,
    scopes?: readonly string[],
  ): Promise<Token | null>;
}

/**
 * Serves the authorization server on plain `node:http`: the metadata document, the token,
 * revocation and introspection endpoints and, with the hooks, the authorization endpoint,
 * at the paths of `server.config`. Bodies are read up to `maxBodyBytes` straight into the
 * core's request (no Fetch `Request` in between).
 *
 * @example
 * const oauth = createNodeHandler(server, { getUser, login, renderConsent, getConsent });
 * createServer(async (req, res) => {
 *   if (await oauth(req, res)) return;
 *   const token = await oauth.protect(req, res, ['profile']);
 *   if (token) res.end(JSON.stringify({ sub: token.getUserId() }));
 * }).listen(3000);
 */
export function createNodeHandler(
  server: AuthorizationServer,
  options: NodeHandlerOptions = {},
): NodeHandler {
  const withHooks = hasAuthorizationHooks(options, 'createNodeHandler');
  const route = createEndpointRouter(server, { authorization: withHooks });
  const onError = options.onError ?? ((error) => console.error('[oauthkit/node]', error));

  // Not an async function: a request for any other path (every request of the app's own
  // routes) gets the one settled promise, without a promise and a frame of its own.
  const handler = (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    const url = req.url ?? '/';
    const query = url.indexOf('?');
    const name = route(query === -1 ? url : url.slice(0, query));
    return name === null ? NOT_OURS : serve(req, res, name, url);
  };

  const serve = async (
    req: IncomingMessage,
    res: ServerResponse,
    name: EndpointName,
    url: string,
  ): Promise<true> => {
    const { maxBodyBytes } = server.config;
    let body: RequestBody | undefined;
    try {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        body = await readRequestBody(req, maxBodyBytes);
      }
    } catch {
      // The client went away mid-body: nobody is left to answer.
      res.destroy();
      return true;
    }
    const tooLarge = body !== undefined && 'tooLarge' in body;
    const request = toOAuth2Request(req, body, maxBodyBytes, url);
    try {
      if (name !== 'authorization') {
        // What serveEndpoint does for every endpoint but the authorization endpoint, without
        // binding the app's hooks for it.
        sendResponse(res, await server.createEndpointResponseRaw(name, request), tooLarge);
        return true;
      }
      const outcome = await serveEndpoint(
        server,
        name,
        request,
        bindAuthorizationHooks(options, req, res),
      );
      if (outcome.kind === 'oauth') sendResponse(res, outcome.response, tooLarge);
    } catch (error) {
      onError(error, req);
      if (!res.headersSent) {
        res.writeHead(500, { 'Content-Type': 'text/plain', 'Cache-Control': 'no-store' });
        res.end('Internal Server Error');
      }
    }
    return true;
  };

  let protector: ReturnType<AuthorizationServer['createResourceProtector']> | null = null;
  // Not an async function: one `then` on the protector's promise instead of an async frame
  // awaiting it, on every request of a protected route.
  const protect: NodeHandler['protect'] = (req, res, scopes = []) => {
    let checked: Promise<ProtectResult>;
    try {
      protector ??= server.createResourceProtector(options.bearerValidator);
      checked = protector.protect(toOAuth2Request(req, undefined, 0), scopes);
    } catch (error) {
      return Promise.reject(error);
    }
    return checked.then((result) => {
      if (result.ok) return result.token;
      sendResponse(res, result.response);
      return null;
    });
  };
  return Object.assign(handler, { protect });
}

const NOT_OURS: Promise<boolean> = Promise.resolve(false);
