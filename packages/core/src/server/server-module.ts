import type { ResolvedConfig } from '../config/server-config.js';
import type { Endpoint } from '../endpoints/endpoint.js';
import type { AuthorizationExtension } from '../grants/authorization-extension.js';
import type { AuthorizationGrant } from '../grants/authorization-grant.js';
import type { GrantExtension } from '../grants/token-grant.js';
import type { SigningKeySet } from '../keys/signing-key-set.js';
import type { GrantContextServices } from './server-internals.js';

/**
 * A protocol module plugged into the server through its public extension points only:
 * extensions of registered grants (by grant type, added to whichever grant is registered
 * under it, the default or the application's own), authorization-request extensions, and
 * endpoints. OpenID Connect is one (`openid` option).
 */
export interface ServerModule {
  readonly name: string;
  /**
   * Extensions for the grant registered under each grant type; those under `*` are added to
   * every token-endpoint grant (DPoP binds the tokens of all of them).
   */
  readonly grantExtensions?: Readonly<Record<string, readonly GrantExtension[]>>;
  /** Run for every authorization request. */
  readonly authorizationExtensions?: readonly AuthorizationExtension[];
  /** Response types registered with the server (`registerGrant`). */
  readonly responseTypes?: readonly AuthorizationGrant[];
  /** Registered with the server (replacing any endpoint of the same name). */
  readonly endpoints?: readonly Endpoint[];
  /** More fields for the metadata document (RFC 8414 2). */
  metadata?(server: GrantContextServices): Record<string, unknown>;
  /** Checks the server's options when it starts: throw a `TypeError` for a mistake. */
  checkServer?(server: { config: ResolvedConfig; signingKeys: SigningKeySet | null }): void;
}
