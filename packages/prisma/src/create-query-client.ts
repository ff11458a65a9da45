import { type QueryClient, queryClientFromStore } from '@oauthkit/core';
import { createPrismaClientStore } from './client-store.js';
import type { PrismaDelegates } from './prisma-client-like.js';

/**
 * The server's `queryClient` over the `OauthClient` model (Authlib's
 * `create_query_client_func`).
 *
 * @example
 * const server = createAuthorizationServer({
 *   queryClient: createQueryClient(prisma),
 *   saveToken: createSaveToken(prisma),
 *   config,
 * });
 */
export function createQueryClient(prisma: Pick<PrismaDelegates, 'oauthClient'>): QueryClient {
  return queryClientFromStore(createPrismaClientStore(prisma));
}
