import type { AuthorizationServer, ProtectOptions } from '@oauthkit/core';
import { createScopeGuard } from '@oauthkit/node';
import type { preHandlerAsyncHookHandler } from 'fastify';
import { sendReply } from './send-reply.js';

/**
 * `requireScopes(...scopes)` over one server: a `preHandler` that checks the
 * `Authorization: Bearer` token (never the body) and sets `request.oauth = { token }`, or
 * answers the RFC 6750 error (401 with a `WWW-Authenticate: Bearer` challenge, or 403).
 *
 * @example
 * const requireScopes = createRequireScopes(server);
 * app.get('/api/me', { preHandler: requireScopes('profile') }, handler);
 */
export function createRequireScopes(
  server: AuthorizationServer,
  options: ProtectOptions = {},
): (...scopes: string[]) => preHandlerAsyncHookHandler {
  const guard = createScopeGuard(server, options);
  return (...scopes) => {
    const check = guard(scopes);
    return async (request, reply) => {
      const result = await check(request.raw);
      if (!result.ok) return sendReply(reply, result.response);
      request.oauth = { token: result.token };
    };
  };
}
