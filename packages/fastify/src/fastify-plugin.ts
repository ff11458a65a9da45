import type { AuthorizationServer, ProtectOptions, Token } from '@oauthkit/core';
import {
  type BindingAuthorizationHooks,
  bindAuthorizationHooks,
  type EndpointName,
  endpointPaths,
  hasAuthorizationHooks,
  serveEndpoint,
} from '@oauthkit/core/binding';
import { type RequestBody, readRequestBody, toOAuth2Request } from '@oauthkit/node';
import type {
  FastifyInstance,
  FastifyPluginAsync,
  FastifyReply,
  FastifyRequest,
  preHandlerAsyncHookHandler,
} from 'fastify';
import { createRequireScopes } from './require-scopes.js';
import { sendReply } from './send-reply.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by `requireScopes`: the bearer token the request was let through with. */
    oauth: { token: Token } | null;
  }
}

/**
 * Options of {@link createFastifyPlugin}: the authorization-endpoint hooks over Fastify's
 * request and reply. `login` and `renderConsent` answer as a route handler does: send with
 * `reply`, or return the payload. The plugin reads bodies itself, so in `getConsent` the
 * `form` argument is the body, not `request.body`.
 */
export type FastifyPluginOptions = BindingAuthorizationHooks<
  FastifyRequest,
  FastifyReply,
  unknown
> &
  ProtectOptions;

/** The plugin made by {@link createFastifyPlugin}. */
export interface OAuthFastifyPlugin extends FastifyPluginAsync {
  /**
   * A `preHandler` that lets a request through only with a bearer token holding every one
   * of `scopes` (RFC 6750), set in `request.oauth.token`; otherwise it answers 401 or 403.
   */
  requireScopes(...scopes: string[]): preHandlerAsyncHookHandler;
}

/**
 * Serves the authorization server in a Fastify 5 app: one route per endpoint, at the paths
 * of `server.config` (register the server's `init()` first). The routes live in their own
 * encapsulated context with a single raw body parser (capped at `maxBodyBytes`), so repeated
 * parameters reach the core and the app's own parsers are neither used nor changed. The
 * plugin itself is not encapsulated: it decorates `request.oauth` for the app's routes.
 * Register it at the root; inside a prefix, every endpoint path must be below the prefix,
 * and only the metadata place below the issuer is served (not the RFC 8414 one at the root).
 *
 * @example
 * const oauth = createFastifyPlugin(server, { getUser, login, renderConsent, getConsent });
 * await app.register(oauth);
 * app.get('/api/me', { preHandler: oauth.requireScopes('profile') }, async (request) => ({
 *   sub: request.oauth?.token.getUserId(),
 * }));
 */
export function createFastifyPlugin(
  server: AuthorizationServer,
  options: FastifyPluginOptions = {},
): OAuthFastifyPlugin {
  const withHooks = hasAuthorizationHooks(options, 'createFastifyPlugin');

  const handlerFor =
    (name: EndpointName) => async (request: FastifyRequest, reply: FastifyReply) => {
      const { maxBodyBytes } = server.config;
      const body = request.body as RequestBody | undefined;
      const outcome = await serveEndpoint(
        server,
        name,
        toOAuth2Request(request.raw, body, maxBodyBytes, request.url),
        bindAuthorizationHooks(options, request, reply),
      );
      if (outcome.kind === 'app') return reply.sent ? reply : outcome.result;
      return sendReply(reply, outcome.response, body !== undefined && 'tooLarge' in body);
    };

  const routes = async (scope: FastifyInstance) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_request, payload, done) => {
      readRequestBody(payload, server.config.maxBodyBytes).then(
        (body) => done(null, body),
        (error: Error) => done(error, undefined),
      );
    });
    // A well-known document (the metadata, OpenID discovery) has a second place below the
    // issuer; any other endpoint has only one.
    const wellKnown = new Set(
      [...server.endpoints].filter(([, e]) => e.wellKnown !== undefined).map(([name]) => name),
    );
    const served = new Set<string>();
    for (const [path, name] of endpointPaths(server, { authorization: withHooks })) {
      if (!path.startsWith(scope.prefix)) {
        if (wellKnown.has(name)) continue;
        throw new TypeError(
          `createFastifyPlugin: ${path} (from server.config) is outside the prefix ${scope.prefix}`,
        );
      }
      served.add(name);
      scope.all(path.slice(scope.prefix.length), handlerFor(name));
    }
    for (const name of wellKnown) {
      if (!served.has(name)) {
        throw new TypeError(
          `createFastifyPlugin: no ${name} path is inside the prefix ${scope.prefix}`,
        );
      }
    }
  };

  const plugin = async (app: FastifyInstance) => {
    if (!app.hasRequestDecorator('oauth')) app.decorateRequest('oauth', null);
    await app.register(routes);
  };
  // Fastify's own markers (what fastify-plugin sets): decorate the parent, show a name.
  Object.assign(plugin, {
    [Symbol.for('skip-override')]: true,
    [Symbol.for('fastify.display-name')]: '@oauthkit/fastify',
  });
  return Object.assign(plugin, { requireScopes: createRequireScopes(server, options) });
}
