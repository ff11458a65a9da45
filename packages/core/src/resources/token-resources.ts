import type { AccessTokenFormat } from '../config/resolve-resources.js';
import type { ResolvedConfig } from '../config/server-config.js';
import type { Client } from '../models/client.js';
import type { RecordExtensions } from '../stores/record-extensions.js';
import type { TokenRecord } from '../stores/token-store.js';

/** What the settings of a token's resources make of it. */
export interface TokenResourceSettings {
  /** The `aud` values (RFC 9068 3), one per resource; `[]` for a token without resources. */
  audience: string[];
  /** The shortest lifetime a resource sets, in seconds; `null` when none sets one. */
  expiresIn: number | null;
  format: AccessTokenFormat;
}

/**
 * The audience, lifetime and format of an access token for `resources`. Format: `jwt` when
 * a resource asks for it, else `opaque` when one asks for that (a resource server that
 * introspects reads both), else the client's `accessTokenFormat`, else the server's.
 */
export function tokenResourceSettings(
  resources: readonly string[],
  client: Client,
  config: Pick<ResolvedConfig, 'resources' | 'accessTokenFormat'>,
): TokenResourceSettings {
  const audience: string[] = [];
  let expiresIn: number | null = null;
  let format: AccessTokenFormat | null = null;
  for (const indicator of resources) {
    const resource = config.resources.get(indicator);
    if (!resource) continue;
    if (!audience.includes(resource.audience)) audience.push(resource.audience);
    if (resource.expiresIn !== null) {
      expiresIn = expiresIn === null ? resource.expiresIn : Math.min(expiresIn, resource.expiresIn);
    }
    if (resource.format === 'jwt' || (resource.format === 'opaque' && format === null)) {
      format = resource.format;
    }
  }
  return {
    audience,
    expiresIn,
    format: format ?? client.metadata.accessTokenFormat ?? config.accessTokenFormat,
  };
}

/**
 * The extensions of a token issued from a grant with `granted` extensions, for `resource`:
 * `accessTokenResource` names the access token's resources when fewer than the grant's.
 */
export function extensionsForResource(
  granted: RecordExtensions,
  resource: readonly string[],
): RecordExtensions {
  const { accessTokenResource: _, ...extensions } = granted;
  const all = granted.resource ?? [];
  return resource.length === all.length
    ? extensions
    : { ...extensions, accessTokenResource: [...resource] };
}

/** The resources a stored token's access token is for. */
export function accessTokenResources(extensions: RecordExtensions | undefined): string[] {
  return extensions?.accessTokenResource ?? extensions?.resource ?? [];
}

/**
 * The `aud` of a stored token at introspection (RFC 7662 2.2): its resources' audiences
 * (the access token's own, or the whole grant's for a refresh token), else `fallback`.
 */
export function recordAudience(
  record: TokenRecord,
  kind: 'access_token' | 'refresh_token',
  config: Pick<ResolvedConfig, 'resources'>,
  fallback: string,
): string | string[] {
  const resources =
    kind === 'access_token'
      ? accessTokenResources(record.extensions)
      : (record.extensions?.resource ?? []);
  const audience = [...new Set(resources.map((r) => config.resources.get(r)?.audience ?? r))];
  if (audience.length === 0) return fallback;
  return audience.length === 1 ? audience[0]! : audience;
}
