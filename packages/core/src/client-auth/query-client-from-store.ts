import { createClient } from '../models/client.js';
import type { ClientStore } from '../stores/client-store.js';
import type { QueryClient } from './authenticate-client.js';

/**
 * A `queryClient` over a {@link ClientStore} (Authlib's `create_query_client_func`). Store
 * packages export it bound to their store as `createQueryClient(db)`.
 */
export function queryClientFromStore(clients: ClientStore): QueryClient {
  return async (clientId) => {
    const record = await clients.findClient(clientId);
    return record ? createClient(record) : null;
  };
}
