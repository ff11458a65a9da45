import type { AuthorizationServer, ProtectOptions } from '@oauthkit/core';
import { createScopeGuard, sendResponse } from '@oauthkit/node';
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
  options: ProtectOptions = {},
): (...scopes: string[]) => ProtectedRequestHandler {
  const guard = createScopeGuard(server, options);
  return (...scopes) => {
    const check = guard(scopes);
    return async (req, res, next) => {
      try {
        const result = await check(req);
        if (!result.ok) return sendResponse(res, result.response);
        res.locals.oauth = { token: result.token };
        next();
      } catch (error) {
        next(error);
      }
    };
  };
}
