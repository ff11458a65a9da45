import type { ClientMetadata, ClientRecord, ClientStore } from '@oauthkit/core';
import { checkedClientStore } from '@oauthkit/core/stores';
import { postgresSql } from './postgres-sql.js';
import type { OauthClientData, OauthClientRow, PrismaDelegates } from './prisma-client-like.js';

/**
 * A {@link ClientStore} over the `OauthClient` model (`oauth_clients`). The metadata is one
 * JSON column, so every provider keeps the same document.
 *
 * @example
 * const clients = createPrismaClientStore(prisma);
 * const record = await clients.findClient('my-app');
 */
export function createPrismaClientStore(prisma: Pick<PrismaDelegates, 'oauthClient'>): ClientStore {
  // PostgreSQL: the lookup as raw SQL (see postgresSql); elsewhere the delegate.
  const sql = postgresSql(prisma);
  return checkedClientStore({
    async findClient(clientId) {
      const row = sql
        ? await sql.findClient(clientId)
        : await prisma.oauthClient.findUnique({ where: { clientId } });
      // MySQL collations ignore trailing spaces (`app ` = `app`); a client id must match exactly.
      return row && row.clientId === clientId ? toClientRecord(row) : null;
    },
    async saveClient(record) {
      const row = toClientData(record);
      await prisma.oauthClient.upsert({
        where: { clientId: record.clientId },
        create: row,
        update: row,
      });
    },
    async deleteClient(clientId) {
      const { count } = await prisma.oauthClient.deleteMany({ where: { clientId } });
      return count > 0;
    },
  });
}

function toClientData(record: ClientRecord): OauthClientData {
  // A copy as a plain object type: an interface does not satisfy Prisma's JSON input type.
  return {
    ...clientColumns(record),
    metadata: { ...record.metadata },
    registrationAccessTokenDigest: record.registrationAccessTokenDigest ?? null,
  };
}

function toClientRecord(row: OauthClientRow): ClientRecord {
  return {
    ...clientColumns(row),
    metadata: parseMetadata(row),
    // A NULL column reads absent (ClientRecord.registrationAccessTokenDigest).
    ...(row.registrationAccessTokenDigest
      ? { registrationAccessTokenDigest: row.registrationAccessTokenDigest }
      : {}),
  };
}

// Copies field by field, so that columns a user added to the model stay out of the records.
function clientColumns(from: ClientRecord | OauthClientRow): Omit<ClientRecord, 'metadata'> {
  return {
    clientId: from.clientId,
    clientSecretDigest: from.clientSecretDigest,
    clientIdIssuedAt: from.clientIdIssuedAt,
    clientSecretExpiresAt: from.clientSecretExpiresAt,
  };
}

// A schema that keeps metadata in a String column (instead of Json) hands back text.
function parseMetadata(row: OauthClientRow): ClientMetadata {
  const value = typeof row.metadata === 'string' ? JSON.parse(row.metadata) : row.metadata;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new Error(`oauth_clients.metadata of client ${row.clientId} is not a JSON object`);
  }
  return value as ClientMetadata;
}
