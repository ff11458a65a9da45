import { createRevocationEndpoint as createCoreEndpoint, type Endpoint } from '@oauthkit/core';
import { createDrizzleStores } from '../create-drizzle-stores.js';
import type { DrizzleDatabase } from '../dialects/detect-dialect.js';

/**
 * The RFC 7009 revocation endpoint over `oauth_tokens` (Authlib's
 * `create_revocation_endpoint`), for a server built without a `tokens` store. Clients are
 * still authenticated by the server's own `queryClient`.
 *
 * @example
 * server.registerEndpoint(createRevocationEndpoint(db));
 * const response = await server.createEndpointResponse('revocation', request);
 */
export function createRevocationEndpoint(db: DrizzleDatabase): Endpoint {
  return createCoreEndpoint({ tokens: createDrizzleStores(db).tokens });
}
