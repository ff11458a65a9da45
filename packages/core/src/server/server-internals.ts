import type { AuthenticatedClient, QueryClient } from '../client-auth/authenticate-client.js';
import type { ClientAuthMethod } from '../client-auth/client-auth-method.js';
import type { ResolvedConfig } from '../config/server-config.js';
import type { DpopProofChecker } from '../dpop/dpop-proof-checker.js';
import type { Endpoint } from '../endpoints/endpoint.js';
import type { ServerEventEmitter } from '../events/server-events.js';
import type { AuthorizationExtension } from '../grants/authorization-extension.js';
import type { AuthorizationGrant } from '../grants/authorization-grant.js';
import type { GrantExtension, GrantServices, TokenGrant } from '../grants/token-grant.js';
import type { OAuth2Request } from '../request/oauth2-request.js';
import type { Stores } from '../stores/stores.js';
import type { ServerModule } from './server-module.js';

/** A grant with the extensions it was registered with. */
export interface RegisteredGrant {
  grant: TokenGrant;
  extensions: readonly GrantExtension[];
  /** The parameters that may repeat for this grant: the grant's and its extensions'. */
  repeatable: ReadonlySet<string>;
}

/**
 * What the server lends its endpoints (and client authentication methods): everything
 * resolved, nothing framework-specific.
 */
export interface GrantContextServices {
  readonly config: ResolvedConfig;
  readonly grants: ReadonlyMap<string, RegisteredGrant>;
  /** Authorization-endpoint grants by `response_type`. */
  readonly responseTypes: ReadonlyMap<string, AuthorizationGrant>;
  /** Run for every authorization request, after the response type's own checks. */
  readonly authorizationExtensions: readonly AuthorizationExtension[];
  /** The DPoP proof checker of the `dpop` option, for resources the server serves; `null` without. */
  readonly dpop: DpopProofChecker | null;
  /** The enabled protocol modules (OpenID Connect, DPoP), for their metadata. */
  readonly modules: readonly ServerModule[];
  /** Every registered endpoint, by name. */
  readonly endpoints: ReadonlyMap<string, Endpoint>;
  readonly clientAuthMethods: readonly ClientAuthMethod[];
  readonly queryClient: QueryClient;
  readonly events: ServerEventEmitter;
  readonly services: GrantServices;
  readonly stores: Partial<Stores>;
  /** The absolute URL of a registered endpoint (or `authorization`); `null` when it has none. */
  endpointUrl(name: string): string | null;
  /** The methods endpoint `name` accepts, in registration order. */
  clientAuthMethodsFor(name: string): readonly ClientAuthMethod[];
  /**
   * Authenticates the client of `request` as endpoint `name` accepts (one method, RFC 6749
   * 2.3), and emits `clientAuthenticated`.
   */
  authenticateClient(request: OAuth2Request, name: string): Promise<AuthenticatedClient>;
}
