import type { ClientMetadata, ClientRecord, ClientStore } from '@oauthkit/core';
import { checkedClientStore } from '@oauthkit/core/stores';
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
  return checkedClientStore({
    async findClient(clientId) {
      const row = await prisma.oauthClient.findUnique({ where: { clientId } });
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
  return {
    clientId: record.clientId,
    clientSecretDigest: record.clientSecretDigest,
    clientIdIssuedAt: record.clientIdIssuedAt,
    clientSecretExpiresAt: record.clientSecretExpiresAt,
    // A copy as a plain object type: an interface does not satisfy Prisma's JSON input type.
    metadata: { ...record.metadata },
    registrationAccessTokenDigest: record.registrationAccessTokenDigest ?? null,
  };
}

function toClientRecord(row: OauthClientRow): ClientRecord {
  return {
    clientId: row.clientId,
    clientSecretDigest: row.clientSecretDigest,
    clientIdIssuedAt: row.clientIdIssuedAt,
    clientSecretExpiresAt: row.clientSecretExpiresAt,
    metadata: parseMetadata(row),
    ...(row.registrationAccessTokenDigest
      ? { registrationAccessTokenDigest: row.registrationAccessTokenDigest }
      : {}),
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
