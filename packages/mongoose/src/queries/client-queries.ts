import type { Model } from 'mongoose';
import type { ClientDocument } from '../schemas/client-schema.js';

// The stores build every query through these functions, and the offline tests read the
// filter, update and options back from the same Query objects before anything is sent.

export function findClientQuery(Client: Model<ClientDocument>, clientId: string) {
  return Client.findOne({ clientId }).lean<ClientDocument>();
}

/** Insert or replace in one statement: no read-then-save. */
export function replaceClientQuery(Client: Model<ClientDocument>, doc: ClientDocument) {
  return Client.replaceOne({ clientId: doc.clientId }, doc, { upsert: true, runValidators: true });
}

export function deleteClientQuery(Client: Model<ClientDocument>, clientId: string) {
  return Client.deleteOne({ clientId });
}
