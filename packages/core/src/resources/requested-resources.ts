import { isResourceIndicator } from '../config/resolve-resources.js';
import type { ResolvedConfig } from '../config/server-config.js';
import { InvalidScopeError, InvalidTargetError } from '../errors/errors.js';
import type { Client } from '../models/client.js';
import { listToScope, scopeToList } from '../models/scope.js';
import type { Params } from '../request/params.js';

/**
 * The `resource` parameters of a request (RFC 8707 2), checked: each an absolute URI without
 * a fragment, one of the server's `resources`, and allowed for the client (its `resources`
 * metadata). Anything else is `invalid_target`. Distinct, in the order sent; `[]` when none.
 */
export function requestedResources(
  params: Params,
  client: Client,
  config: Pick<ResolvedConfig, 'resources'>,
): string[] {
  // Most requests name no resource: no Set and no lists for them.
  if (!params.has('resource')) return [];
  const requested = [...new Set(params.getAll('resource'))];
  const allowed = client.metadata.resources;
  for (const resource of requested) {
    if (
      !isResourceIndicator(resource) ||
      !config.resources.has(resource) ||
      (allowed !== undefined && !allowed.includes(resource))
    ) {
      throw new InvalidTargetError();
    }
  }
  return requested;
}

/**
 * The resources of a token request against those of the grant it redeems (a code or a
 * refresh token): none requested is every granted one; else each must have been granted
 * (RFC 8707 2.2: the token request may narrow, never widen), or it is `invalid_target`.
 */
export function narrowResources(
  requested: readonly string[],
  granted: readonly string[],
): string[] {
  if (requested.length === 0) return [...granted];
  if (requested.some((r) => !granted.includes(r))) throw new InvalidTargetError();
  return [...requested];
}

/**
 * The part of `scope` that a token for `resources` may carry: the scopes some resource
 * allows (a resource without a `scopes` setting allows any). `invalid_scope` when a scope was
 * asked for and none of it is allowed.
 */
export function scopeForResources(
  scope: string,
  resources: readonly string[],
  config: Pick<ResolvedConfig, 'resources'>,
): string {
  if (resources.length === 0 || scope === '') return scope;
  const allowed = new Set<string>();
  for (const resource of resources) {
    const scopes = config.resources.get(resource)?.scopes;
    if (!scopes) return scope;
    for (const s of scopes) allowed.add(s);
  }
  const kept = scopeToList(scope).filter((s) => allowed.has(s));
  if (kept.length === 0) throw new InvalidScopeError();
  return listToScope(kept);
}
