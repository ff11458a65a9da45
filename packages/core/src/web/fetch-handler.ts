import type { AuthorizationInteraction } from '../grants/authorization-extension.js';
import type { AuthorizationRequest } from '../grants/authorization-grant.js';
import type { Token } from '../models/token.js';
import type { User } from '../models/user.js';
import { createOAuth2Request } from '../request/create-oauth2-request.js';
import type { OAuth2Request } from '../request/oauth2-request.js';
import type { Params } from '../request/params.js';
import type { ProtectOptions } from '../resource/resource-protector.js';
import { toWebResponse } from '../response/oauth2-response.js';
import type { AuthorizationServer } from '../server/authorization-server.js';
import { hasAuthorizationHooks } from './authorization-hooks.js';
import { createEndpointRouter } from './endpoint-router.js';
import { readLimited } from './read-limited.js';
import { serveEndpoint } from './serve-endpoint.js';

/**
 * The app's hooks for the authorization endpoint, with Fetch requests. Give all four to
 * serve the endpoint, or none to serve only the token-style endpoints and the metadata.
 */
export interface FetchHandlerOptions extends ProtectOptions {
  /** The logged-in end user (from the app's session cookie), or `null`. */
  getUser?(request: Request): Promise<User | null> | User | null;
  /** The answer when nobody is logged in: usually a redirect to the login page. */
  login?(request: Request): Promise<Response> | Response;
  /** The consent page for a validated GET request. */
  renderConsent?(
    request: Request,
    authorization: AuthorizationRequest,
    user: User,
  ): Promise<Response> | Response;
  /**
   * The end user's decision on a POST (check the app's CSRF token here). `request` still has
   * its body (`await request.formData()` works); `form` is the same body as the core read it.
   */
  getConsent?(request: Request, form: Params): Promise<boolean> | boolean;
  /**
   * Optional, for OpenID Connect: the sign-in behind this request (`session.authTime`,
   * `completed.login`, `extensions`), so `max_age` and `prompt=login` can be met; when the
   * request demands a new sign-in, `login` answers instead of `renderConsent`.
   */
  getInteraction?(
    request: Request,
  ): Promise<AuthorizationInteraction | undefined> | AuthorizationInteraction | undefined;
}

/** A Fetch handler for every endpoint, plus {@link FetchHandler.protect} for API routes. */
export interface FetchHandler {
  /** Answers a request to an endpoint path; any other path gets a bare `404`. */
  (request: Request): Promise<Response>;
  /**
   * Wraps a route so that it runs only with a valid bearer token holding `scopes` (RFC
   * 6750): no token is a `401` challenge, a bad one `401 invalid_token`, a missing scope
   * `403 insufficient_scope`. The token is read from the `Authorization` header only; the
   * body is left untouched for the handler. Extra arguments (Next.js' context) pass through.
   */
  protect<A extends unknown[]>(
    scopes: readonly string[],
    handler: (request: Request, token: Token, ...args: A) => Promise<Response> | Response,
  ): (request: Request, ...args: A) => Promise<Response>;
}

/**
 * Serves the authorization server with the Fetch API: Hono, Next.js route handlers, Bun,
 * Deno, Cloudflare Workers. Routes by path from `server.config` (the metadata document, the
 * token, revocation and introspection endpoints, and, with the hooks, the authorization
 * endpoint); other paths answer `404`, so mount it on its own paths only.
 *
 * @example
 * const oauth = createFetchHandler(server, {
 *   getUser: (request) => sessionUser(request),
 *   login: (request) => Response.redirect(`/login?next=${encodeURIComponent(request.url)}`),
 *   renderConsent: (request, authorization) => consentPage(authorization),
 *   getConsent: async (request) => (await request.formData()).get('consent') === 'allow',
 * });
 * app.all('/oauth/*', (c) => oauth(c.req.raw)); // Hono
 * app.get('/api/me', (c) => oauth.protect(['profile'], (req, token) =>
 *   Response.json({ sub: token.getUserId() }))(c.req.raw));
 */
export function createFetchHandler(
  server: AuthorizationServer,
  options: FetchHandlerOptions = {},
): FetchHandler {
  const withHooks = hasAuthorizationHooks(options, 'createFetchHandler');
  const route = createEndpointRouter(server, { authorization: withHooks });
  const hooks = options as Required<FetchHandlerOptions>;
  const handler = async (request: Request): Promise<Response> => {
    const name = route(new URL(request.url).pathname);
    if (name === null) return new Response('Not Found', { status: 404 });
    const read = await readRequest(server, request, name === 'authorization');
    const outcome = await serveEndpoint(server, name, read.parsed, {
      getUser: () => hooks.getUser(read.appRequest),
      login: () => hooks.login(read.appRequest),
      renderConsent: (authorization, user) =>
        hooks.renderConsent(read.appRequest, authorization, user),
      getConsent: (form) => hooks.getConsent(read.appRequest, form),
      getInteraction: () => options.getInteraction?.(read.appRequest),
    });
    if (outcome.kind === 'app') return outcome.result;
    const response = toWebResponse(outcome.response);
    // The rest of the body is still on the wire: this connection cannot carry another request.
    if (read.tooLarge) response.headers.set('Connection', 'close');
    return response;
  };
  let protector: ReturnType<AuthorizationServer['createResourceProtector']> | null = null;
  const protect: FetchHandler['protect'] = (scopes, routeHandler) => {
    protector ??= server.createResourceProtector(options.bearerValidator);
    const guard = protector;
    const required = [...scopes];
    return async (request, ...args) => {
      const headersOnly = createOAuth2Request({
        method: request.method,
        url: request.url,
        headers: request.headers,
      });
      const result = await guard.protect(headersOnly, required);
      if (!result.ok) return toWebResponse(result.response);
      return routeHandler(request, result.token, ...args);
    };
  };
  return Object.assign(handler, { protect });
}

/** A request read once: for the core, for the app's hooks, and whether the body was refused. */
interface ReadRequest {
  parsed: OAuth2Request;
  appRequest: Request;
  tooLarge: boolean;
}

/**
 * Reads a request once, the body capped at `maxBodyBytes`, whatever its type (the core
 * decides what it accepts; reading a small body to its end keeps the connection usable).
 * With `forApp`, the hooks get a copy of the request over the same bytes, so `getConsent`
 * can still call `request.formData()`.
 */
async function readRequest(
  server: AuthorizationServer,
  request: Request,
  forApp: boolean,
): Promise<ReadRequest> {
  const { maxBodyBytes } = server.config;
  const init = { method: request.method, url: request.url, headers: request.headers };
  const hasBody = request.body !== null && request.method !== 'GET' && request.method !== 'HEAD';
  if (!hasBody) {
    return { parsed: createOAuth2Request(init), appRequest: request, tooLarge: false };
  }
  const bytes = await readLimited(request.body, maxBodyBytes);
  const parsed = createOAuth2Request({ ...init, body: bytes ?? undefined, maxBodyBytes });
  if (bytes === null) parsed.bodyProblem = 'too_large';
  const appRequest = forApp
    ? new Request(request.url, { ...init, body: bytes, signal: request.signal })
    : request;
  return { parsed, appRequest, tooLarge: bytes === null };
}
