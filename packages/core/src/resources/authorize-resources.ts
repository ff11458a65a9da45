import type { ResolvedConfig } from '../config/server-config.js';
import type { AuthorizationRequest } from '../grants/authorization-grant.js';
import { requestedResources, scopeForResources } from './requested-resources.js';

/**
 * RFC 8707 at the authorization endpoint: the `resource` parameters (repeatable) are
 * checked, kept in `extensions.resource` (saved with the code, then with every token of
 * its family) and narrow the scope to what those resources allow. `invalid_target` for an
 * unknown, malformed or not-allowed resource, sent back to the client (4.1.2.1).
 */
export function authorizeResources(
  authorization: AuthorizationRequest,
  config: Pick<ResolvedConfig, 'resources'>,
): void {
  const resource = requestedResources(authorization.params, authorization.client, config);
  if (resource.length === 0) return;
  authorization.extensions.resource = resource;
  authorization.scope = scopeForResources(authorization.scope, resource, config);
}
