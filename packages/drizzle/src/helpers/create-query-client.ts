import { type QueryClient, queryClientFromStore } from '@oauthkit/core';
import { createDrizzleStores } from '../create-drizzle-stores.js';
import type { DrizzleDatabase } from '../dialects/detect-dialect.js';

/**
 * A `queryClient` that reads clients from the drizzle database (Authlib's
 * `create_query_client_func`), for servers wired piece by piece rather than with
 * `...createDrizzleStores(db)`.
 *
 * @example
 * const server = createAuthorizationServer({
 *   queryClient: createQueryClient(db),
 *   saveToken: createSaveToken(db),
 *   config,
 * });
 */
export function createQueryClient(db: DrizzleDatabase): QueryClient {
  return queryClientFromStore(createDrizzleStores(db).clients);
}
