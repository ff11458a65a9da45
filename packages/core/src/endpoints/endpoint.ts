import type { OAuth2Request } from '../request/oauth2-request.js';
import type { OAuth2Response } from '../response/oauth2-response.js';
import type { GrantContextServices } from '../server/server-internals.js';

/**
 * An endpoint registered with `server.registerEndpoint` (Authlib's `register_endpoint`):
 * served by `server.createEndpointResponse(name, request)`. A thrown `OAuth2Error` becomes
 * the JSON error response; anything else a 500 with nothing internal in it.
 */
export interface Endpoint {
  readonly name: string;
  handle(request: OAuth2Request, server: GrantContextServices): Promise<OAuth2Response>;
}
