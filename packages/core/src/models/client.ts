import { digestsEqual } from '../crypto/constant-time-equal.js';
import { digestSecret } from '../crypto/digest.js';
import type { ClientRecord } from '../stores/client-store.js';
import type { ClientMetadata } from './client-metadata.js';
import { redirectUriMatches } from './redirect-uri.js';
import { scopeToList } from './scope.js';

/**
 * Where a client authenticates: the token endpoint, a token-management one, or any
 * registered endpoint that authenticates clients (PAR, device authorization, ...).
 */
export type ClientAuthEndpoint = 'token' | 'revocation' | 'introspection' | (string & {});

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
  return new RecordClient(record);
}

/**
 * The client {@link createClient} returns: one is built per authenticated request, so its
 * methods live on the prototype (not nine closures each time) and the list of its scopes is made
 * only when a scope is checked. Call them on the client (`client.checkGrantType(gt)`): taken
 * off it, they lose `this`.
 */
class RecordClient implements Client {
  readonly clientId: string;
  readonly isPublic: boolean;
  readonly metadata: ClientMetadata;
  readonly #record: ClientRecord;
  #allowed: string[] | null = null;

  constructor(record: ClientRecord) {
    this.#record = record;
    this.clientId = record.clientId;
    this.metadata = record.metadata;
    this.isPublic = record.metadata.tokenEndpointAuthMethod === 'none';
  }

  getDefaultRedirectUri(): string | null {
    const uris = this.metadata.redirectUris;
    return uris.length === 1 ? uris[0]! : null;
  }

  checkRedirectUri(uri: string): boolean {
    return this.metadata.redirectUris.some((r) => redirectUriMatches(r, uri));
  }

  checkClientSecret(secret: string, now?: Date): boolean {
    const record = this.#record;
    if (record.clientSecretDigest === null) return false;
    const expiresAt = record.clientSecretExpiresAt;
    if (expiresAt && expiresAt <= (now ?? new Date())) return false;
    // Both sides are hex SHA-256 digests, of one length whatever the secret: compared as
    // they are, in constant time, without constantTimeEqual's hashing of both again.
    return digestsEqual(digestSecret(secret), record.clientSecretDigest);
  }

  checkEndpointAuthMethod(method: string): boolean {
    return this.metadata.tokenEndpointAuthMethod === method;
  }

  checkResponseType(responseType: string): boolean {
    return this.metadata.responseTypes.includes(responseType);
  }

  checkGrantType(grantType: string): boolean {
    return this.metadata.grantTypes.includes(grantType);
  }

  getAllowedScope(scope: string): string {
    this.#allowed ??= scopeToList(this.metadata.scope);
    const allowed = this.#allowed;
    // One scope is the common request: no lists made for it.
    if (!scope.includes(' ')) return allowed.includes(scope) ? scope : '';
    return scopeToList(scope)
      .filter((s) => allowed.includes(s))
      .join(' ');
  }
}
