import type { ClientAuthMethod } from '../client-auth/client-auth-method.js';
import type { QueryClient } from '../client-auth/authenticate-client.js';
import type { ResolvedConfig } from '../config/server-config.js';
import type { ServerEventEmitter } from '../events/server-events.js';
import type { AuthorizationGrant } from '../grants/authorization-grant.js';
import type { GrantExtension, GrantServices, TokenGrant } from '../grants/token-grant.js';
import type { Stores } from '../stores/stores.js';

/** A grant with the extensions it was registered with. */
export interface RegisteredGrant {
  grant: TokenGrant;
  extensions: readonly GrantExtension[];
}

/** What the server hands its endpoints: everything resolved, nothing framework-specific. */
export interface GrantContextServices {
  readonly config: ResolvedConfig;
  readonly grants: ReadonlyMap<string, RegisteredGrant>;
  /** Authorization-endpoint grants by `response_type`. */
  readonly responseTypes: ReadonlyMap<string, AuthorizationGrant>;
  readonly clientAuthMethods: readonly ClientAuthMethod[];
  readonly queryClient: QueryClient;
  readonly events: ServerEventEmitter;
  readonly services: GrantServices;
  readonly stores: Partial<Stores>;
}
