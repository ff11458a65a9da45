import type { ClientRecord, ClientStore } from '@oauthkit/core';
import { checkedClientStore } from '@oauthkit/core/stores';
import { eq } from 'drizzle-orm';
import type { Dialect } from './dialects/dialect.js';
import { count, exec, rows } from './operation.js';
import { toClientRecord, toClientRow } from './records.js';

/** The {@link ClientStore} over the `oauth_clients` table. */
export function createClientStore(dialect: Dialect): ClientStore {
  const t = dialect.tables.clients;
  const select = dialect.prepared<{ clientId: string }>((db, v) =>
    db
      .select()
      .from(t)
      .where(eq(t.clientId, v('clientId')))
      .limit(1),
  );
  return checkedClientStore({
    async findClient(clientId) {
      return dialect.run(function* (db) {
        const [row] = yield* rows<ClientRecord>(select(db, { clientId }));
        return row ? toClientRecord(row) : null;
      });
    },
    async saveClient(record) {
      if (typeof record.metadata !== 'object' || record.metadata === null) {
        throw new TypeError('saveClient: metadata must be an object');
      }
      const { clientId, ...rest } = toClientRow(record);
      return dialect.run(function* (db) {
        yield* exec(dialect.upsert(db, t, { clientId, ...rest }, rest));
      });
    },
    async deleteClient(clientId) {
      return dialect.run(function* (db) {
        return (yield* count(db.delete(t).where(eq(t.clientId, clientId)))) > 0;
      });
    },
  });
}
