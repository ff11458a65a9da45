import {
  createRevocationEndpoint as createCoreRevocationEndpoint,
  type Endpoint,
} from '@oauthkit/core';
import type { PrismaClientLike } from './prisma-client-like.js';
import { createPrismaTokenStore } from './token-store.js';

/**
 * The RFC 7009 revocation endpoint over the `OauthToken` model (Authlib's
 * `create_revocation_endpoint`): core's endpoint, reading and revoking tokens through this
 * Prisma client whatever token store the server itself was given.
 *
 * @example
 * server.registerEndpoint(createRevocationEndpoint(prisma));
 * const response = await server.createEndpointResponse('revocation', request);
 */
export function createRevocationEndpoint(
  prisma: Pick<PrismaClientLike, 'oauthToken' | '$transaction'>,
): Endpoint {
  return createCoreRevocationEndpoint({ tokens: createPrismaTokenStore(prisma) });
}
