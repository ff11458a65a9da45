import type { ClientStore } from '@oauthkit/core';
import { checkedClientStore } from '@oauthkit/core/stores';
import type { Model } from 'mongoose';
import {
  deleteClientQuery,
  findClientQuery,
  replaceClientQuery,
} from '../queries/client-queries.js';
import { toClientDocument, toClientRecord } from '../records/client-record.js';
import type { ClientDocument } from '../schemas/client-schema.js';
import { asCallerError } from './check-arguments.js';

/**
 * The {@link ClientStore} over the `oauth_clients` model.
 *
 * @example
 * const clients = createMongooseClientStore(registerOAuthModels(connection).Client);
 */
export function createMongooseClientStore(Client: Model<ClientDocument>): ClientStore {
  return checkedClientStore({
    async findClient(clientId) {
      const doc = await findClientQuery(Client, clientId).exec();
      return doc ? toClientRecord(doc) : null;
    },
    async saveClient(record) {
      const doc = toClientDocument(record);
      await asCallerError('client record', () => replaceClientQuery(Client, doc).exec());
    },
    async deleteClient(clientId) {
      const result = await deleteClientQuery(Client, clientId).exec();
      return result.deletedCount === 1;
    },
  });
}
