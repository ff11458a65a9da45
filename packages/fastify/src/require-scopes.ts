import type { AuthorizationServer, ResourceProtector } from '@oauthkit/core';
import { toOAuth2Request } from '@oauthkit/node';
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
): (...scopes: string[]) => preHandlerAsyncHookHandler {
  let protector: ResourceProtector | null = null;
  return (...scopes) => {
    for (const scope of scopes) {
      if (typeof scope !== 'string' || scope === '') {
        throw new TypeError('requireScopes takes scope names (non-empty strings)');
      }
    }
    protector ??= server.createResourceProtector();
    const guard = protector;
    return async (request, reply) => {
      const result = await guard.protect(toOAuth2Request(request.raw, undefined, 0), scopes);
      if (!result.ok) return sendReply(reply, result.response);
      request.oauth = { token: result.token };
    };
  };
}
