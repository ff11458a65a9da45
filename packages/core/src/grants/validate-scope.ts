import type { ResolvedConfig } from '../config/server-config.js';
import { InvalidScopeError } from '../errors/errors.js';
import type { Client } from '../models/client.js';
import { isValidScope, listToScope, scopeToList } from '../models/scope.js';

/**
 * The scope to grant for a request: the requested scope if well-formed (RFC 6749 3.3),
 * known to the server (`scopesSupported`) and allowed for the client; `''` when omitted.
 * Anything else is `invalid_scope`.
 */
export function validateRequestedScope(
  scope: string | undefined,
  client: Client,
  config: Pick<ResolvedConfig, 'scopesSupported'>,
): string {
  if (scope === undefined) return '';
  if (!isValidScope(scope)) throw new InvalidScopeError();
  const requested = scopeToList(scope);
  if (config.scopesSupported && requested.some((s) => !config.scopesSupported!.has(s))) {
    throw new InvalidScopeError();
  }
  // A request names few scopes: a list scan, not a Set, per request.
  const allowed = scopeToList(client.getAllowedScope(scope));
  if (requested.some((s) => !allowed.includes(s))) throw new InvalidScopeError();
  // scopeToList's tokens are distinct already.
  return requested.length === 1 ? requested[0]! : listToScope(requested);
}
