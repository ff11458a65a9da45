import type { ResolvedConfig } from '../config/server-config.js';
import type { GrantServices } from '../grants/token-grant.js';
import type { Client } from '../models/client.js';
import type { OAuth2Request } from '../request/oauth2-request.js';

/** What a client authentication method found in a request. */
export interface PresentedCredentials {
  clientId: string;
  /** The secret, for secret-based methods. */
  secret?: string;
  /** Anything else the method needs to verify (an assertion, a certificate, ...). */
  [extra: string]: unknown;
}

/**
 * What a method sees of a request: `absent` (none of its credentials are there), `present`
 * (they are, well-formed enough to try) or `malformed` (they are there but unusable: the
 * request is refused as `invalid_client`, never handed to another method).
 */
export type CredentialPresence = 'absent' | 'present' | 'malformed';

/** What {@link ClientAuthMethod.verify} is lent besides the client and its credentials. */
export interface ClientAuthContext {
  readonly request: OAuth2Request;
  /** The endpoint authenticating the client: `token`, `revocation`, `introspection`, ... */
  readonly endpoint: string;
  /** That endpoint's absolute URL (an accepted audience of RFC 7523 assertions). */
  readonly endpointUrl: string | null;
  readonly config: ResolvedConfig;
  readonly services: GrantServices;
}

/**
 * A client authentication method (Authlib's `register_client_auth_method`).
 *
 * The server asks every registered method what it sees in a request ({@link detect}).
 * Exactly one credential-bearing method may find its credentials (`present` or
 * `malformed`); two or more is `invalid_request` (RFC 6749 2.3: one method per request).
 * A method marked {@link fallback} (`none`: a bare `client_id`) applies only when no
 * credential-bearing method found anything, so a method whose request also carries
 * `client_id` (RFC 7523 `private_key_jwt`) is never mistaken for two methods. The endpoint
 * decides which methods it accepts; the client's registration decides which one it uses.
 *
 * @example
 * server.registerClientAuthMethod({
 *   name: 'my_header',
 *   detect: (request) => (request.headers.get('x-client-key') ? 'present' : 'absent'),
 *   credentials: (request) => ({
 *     clientId: request.form?.get('client_id') ?? '',
 *     secret: request.headers.get('x-client-key') ?? '',
 *   }),
 *   verify: (client, { secret }) => typeof secret === 'string' && client.checkClientSecret(secret),
 * });
 */
export interface ClientAuthMethod {
  readonly name: string;
  /** Applies only when no other method finds credentials (`none`). */
  readonly fallback?: boolean;
  detect(request: OAuth2Request): CredentialPresence;
  /** Extracts the credentials of a `present` request; throws `InvalidClientError` when unusable. */
  credentials(request: OAuth2Request): PresentedCredentials;
  /** Checks the credentials against the client the id names. */
  verify(
    client: Client,
    credentials: PresentedCredentials,
    context: ClientAuthContext,
  ): boolean | Promise<boolean>;
  /** Extra headers for a failure response (Basic: `WWW-Authenticate`). */
  challenge?(realm: string): Record<string, string>;
  /**
   * Fields this method adds to the metadata document for an endpoint that accepts it, e.g.
   * `{ token_endpoint_auth_signing_alg_values_supported: ['ES256'] }` for `prefix`
   * `token_endpoint`.
   */
  metadata?(prefix: string, config: ResolvedConfig): Record<string, unknown>;
}
