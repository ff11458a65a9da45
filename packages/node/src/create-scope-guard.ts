import type { IncomingMessage } from 'node:http';
import type {
  AuthorizationServer,
  ProtectOptions,
  ProtectResult,
  ResourceProtector,
} from '@oauthkit/core';
import { toOAuth2Request } from './to-oauth2-request.js';

/**
 * The part of every binding's `requireScopes` that is not framework glue: checks the scope
 * names once, when the route is declared (`TypeError` for an empty or non-string one), and
 * builds the server's resource protector on first use. The guard reads only the
 * `Authorization` header of a request (RFC 6750 2.1), never its body.
 *
 * @example
 * const guard = createScopeGuard(server);
 * const check = guard(['profile']); // at route declaration
 * const result = await check(req); // per request: { ok: true, token } or the 401/403 response
 *
 * `options.bearerValidator` replaces the server's store lookup (`createJwtBearerValidator`).
 */
export function createScopeGuard(
  server: AuthorizationServer,
  options: ProtectOptions = {},
): (scopes: readonly string[]) => (req: IncomingMessage) => Promise<ProtectResult> {
  let protector: ResourceProtector | null = null;
  return (scopes) => {
    for (const scope of scopes) {
      if (typeof scope !== 'string' || scope === '') {
        throw new TypeError('requireScopes takes scope names (non-empty strings)');
      }
    }
    const required = [...scopes];
    return (req) => {
      protector ??= server.createResourceProtector(options.bearerValidator);
      return protector.protect(toOAuth2Request(req, undefined, 0), required);
    };
  };
}
