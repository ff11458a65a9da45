import type { ClientAuthMethod } from '../client-auth/client-auth-method.js';
import type { OAuth2Request } from '../request/oauth2-request.js';
import type { OAuth2Response } from '../response/oauth2-response.js';
import type { GrantContextServices } from '../server/server-internals.js';
import type { StoreName } from '../stores/stores.js';

/**
 * An endpoint registered with `server.registerEndpoint` (Authlib's `register_endpoint`).
 * Everything a binding and the metadata need is declared here, so a new endpoint is served
 * by every binding (Fetch, node:http, Express, Fastify) and published in the metadata
 * document without touching either.
 *
 * `handle` answers a parsed request: a thrown `OAuth2Error` becomes the JSON error response;
 * anything else a 500 with nothing internal in it.
 *
 * @example
 * server.registerEndpoint({
 *   name: 'status',
 *   path: '/status',
 *   methods: ['GET'],
 *   metadataKey: 'status_endpoint',
 *   async handle() {
 *     return jsonResponse(200, { ok: true });
 *   },
 * });
 */
export interface Endpoint {
  readonly name: string;
  /**
   * Where it is served: a path below the issuer (`/token`) or an absolute URL.
   * `config.endpoints[name]` overrides it. Without either, the endpoint is not routed by the
   * bindings (call `server.createEndpointResponse(name, request)` yourself).
   */
  readonly path?: string;
  /**
   * A well-known suffix (RFC 8615) served at the RFC 8414 3 place, `/.well-known/x` followed
   * by the issuer's path, and also below the issuer (`<issuer path>/.well-known/x`).
   */
  readonly wellKnown?: string;
  /** The methods it answers; used for `Allow` and CORS preflights. Default `['POST']`. */
  readonly methods?: readonly string[];
  /**
   * Whether browsers may call it from the origins `config.cors` allows (RFC 6749 leaves it
   * to the server; the authorization endpoint is navigated to, never called, so it has none).
   */
  readonly cors?: boolean;
  /** The metadata name of its URL, e.g. `token_endpoint` (RFC 8414 2). */
  readonly metadataKey?: string;
  /**
   * The endpoint authenticates clients (RFC 6749 2.3): which registered methods it accepts
   * (default: all). Published as `<metadataKey>_auth_methods_supported`.
   */
  readonly clientAuth?: { accepts?(method: ClientAuthMethod): boolean };
  /** The stores it cannot work without: checked when the server starts. */
  readonly requiredStores?: readonly StoreName[];
  /** More fields for the metadata document (RFC 8414 2, OpenID discovery). */
  metadata?(server: GrantContextServices): Record<string, unknown>;
  handle(request: OAuth2Request, server: GrantContextServices): Promise<OAuth2Response>;
}
