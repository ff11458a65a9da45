import type { OAuth2Request } from '../request/oauth2-request.js';

/** What a client authentication method found in a request. */
export interface PresentedCredentials {
  clientId: string;
  /** The secret, for secret-based methods. */
  secret?: string;
}

/**
 * A client authentication method (Authlib's `register_client_auth_method`). `detect` says
 * whether the request uses this method; `credentials` extracts them, or throws
 * `InvalidClientError` when they are malformed. Checking them against the client is the
 * method's `verify`.
 */
export interface ClientAuthMethod {
  readonly name: string;
  detect(request: OAuth2Request): boolean;
  credentials(request: OAuth2Request): PresentedCredentials;
  verify(client: import('../models/client.js').Client, credentials: PresentedCredentials): boolean;
  /** Extra headers for a failure response (Basic: `WWW-Authenticate`). */
  challenge?(realm: string): Record<string, string>;
}
