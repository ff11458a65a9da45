import type { AuthorizationServer, ResourceProtector } from '@oauthkit/core';
import { sendResponse, toOAuth2Request } from '@oauthkit/node';
import type { ProtectedRequestHandler } from './oauth-locals.js';

/**
 * `requireScopes(...scopes)` over one server: checks the `Authorization: Bearer` token
 * (never the body), then sets `res.locals.oauth = { token }` and calls `next()`, or answers
 * the RFC 6750 error (401 with a `WWW-Authenticate: Bearer` challenge, or 403).
 *
 * @example
 * const requireScopes = createRequireScopes(server);
 * app.get('/api/me', requireScopes('profile'), handler);
 */
export function createRequireScopes(
  server: AuthorizationServer,
): (...scopes: string[]) => ProtectedRequestHandler {
  let protector: ResourceProtector | null = null;
  return (...scopes) => {
    for (const scope of scopes) {
      if (typeof scope !== 'string' || scope === '') {
        throw new TypeError('requireScopes takes scope names (non-empty strings)');
      }
    }
    protector ??= server.createResourceProtector();
    const guard = protector;
    return async (req, res, next) => {
      try {
        const result = await guard.protect(toOAuth2Request(req, undefined, 0), scopes);
        if (!result.ok) return sendResponse(res, result.response);
        res.locals.oauth = { token: result.token };
        next();
      } catch (error) {
        next(error);
      }
    };
  };
}
