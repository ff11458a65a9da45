import { type QueryClient, queryClientFromStore } from '@oauthkit/core';
import type { Connection } from 'mongoose';
import { registerOAuthModels } from '../models/register-oauth-models.js';
import { createMongooseClientStore } from '../stores/mongoose-client-store.js';

/**
 * The server's `queryClient` over `oauth_clients` on your connection (Authlib's
 * `create_query_client_func`): for servers that keep tokens elsewhere but clients here.
 *
 * @example
 * const server = createAuthorizationServer({ queryClient: createQueryClient(connection), ... });
 */
export function createQueryClient(connection: Connection): QueryClient {
  return queryClientFromStore(createMongooseClientStore(registerOAuthModels(connection).Client));
}
