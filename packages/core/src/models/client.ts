import { timingSafeEqual } from 'node:crypto';
import { digestSecret } from '../crypto/digest.js';
import type { ClientRecord } from '../stores/client-store.js';
import type { ClientMetadata } from './client-metadata.js';
import { redirectUriMatches } from './redirect-uri.js';
import { scopeToList } from './scope.js';

/** Where a client authenticates: the token endpoint or one of the token-management ones. */
export type ClientAuthEndpoint = 'token' | 'revocation' | 'introspection';

/**
 * A registered client as the server sees it (Authlib's `ClientMixin`). Build one from a
 * stored record with {@link createClient}, or implement it over your own model.
 */
export interface Client {
  readonly clientId: string;
  /** `true` when the client has no secret (`token_endpoint_auth_method` = `none`). */
  readonly isPublic: boolean;
  readonly metadata: ClientMetadata;
  /** The redirect URI to use when a request omits one: only when exactly one is registered. */
  getDefaultRedirectUri(): string | null;
  checkRedirectUri(redirectUri: string): boolean;
  checkClientSecret(secret: string, now?: Date): boolean;
  checkEndpointAuthMethod(method: string, endpoint: ClientAuthEndpoint): boolean;
  checkResponseType(responseType: string): boolean;
  checkGrantType(grantType: string): boolean;
  /** The part of `scope` this client may have (`scope` is space-separated). */
  getAllowedScope(scope: string): string;
}

/**
 * The default {@link Client} over a {@link ClientRecord}.
 *
 * @example
 * const client = createClient(await stores.clients.findClient('my-app'));
 */
export function createClient(record: ClientRecord): Client {
  const { metadata } = record;
  const allowed = new Set(scopeToList(metadata.scope));
  const isPublic = metadata.tokenEndpointAuthMethod === 'none';
  return {
    clientId: record.clientId,
    isPublic,
    metadata,
    getDefaultRedirectUri: () =>
      metadata.redirectUris.length === 1 ? metadata.redirectUris[0]! : null,
    checkRedirectUri: (uri) => metadata.redirectUris.some((r) => redirectUriMatches(r, uri)),
    checkClientSecret(secret, now = new Date()) {
      if (record.clientSecretDigest === null) return false;
      if (record.clientSecretExpiresAt && record.clientSecretExpiresAt <= now) return false;
      // Both sides are hex SHA-256 digests, of one length whatever the secret: compared as
      // they are, in constant time, without constantTimeEqual's hashing of both again.
      const presented = Buffer.from(digestSecret(secret), 'latin1');
      const stored = Buffer.from(record.clientSecretDigest, 'latin1');
      return presented.length === stored.length && timingSafeEqual(presented, stored);
    },
    checkEndpointAuthMethod: (method) => metadata.tokenEndpointAuthMethod === method,
    checkResponseType: (rt) => metadata.responseTypes.includes(rt),
    checkGrantType: (gt) => metadata.grantTypes.includes(gt),
    getAllowedScope: (scope) =>
      scopeToList(scope)
        .filter((s) => allowed.has(s))
        .join(' '),
  };
}
