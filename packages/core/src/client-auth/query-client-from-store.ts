import { createClient } from '../models/client.js';
import type { ClientRecord, ClientStore } from '../stores/client-store.js';
import type { QueryClient } from './authenticate-client.js';

/**
 * A `queryClient` over a {@link ClientStore} (Authlib's `create_query_client_func`). Store
 * packages export it bound to their store as `createQueryClient(db)`.
 */
export function queryClientFromStore(clients: ClientStore): QueryClient {
  // One `then` on the store's promise, not an async frame per authenticated request; a
  // store that throws instead of rejecting still rejects.
  return (clientId) => {
    try {
      return Promise.resolve(clients.findClient(clientId)).then(clientOf);
    } catch (error) {
      return Promise.reject(error);
    }
  };
}

function clientOf(record: ClientRecord | null) {
  return record ? createClient(record) : null;
}
