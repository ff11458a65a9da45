// Compiled, never run: the clients Prisma generates from the three schemas must fit the
// structural types the stores accept (checked by `tsc -p test`, see client-types.test.ts).
import type { PrismaClient as MysqlClient } from '../../generated/mysql/client.js';
import type { PrismaClient as PostgresClient } from '../../generated/postgresql/client.js';
import type { PrismaClient as SqliteClient } from '../../generated/sqlite/client.js';
import {
  createBearerTokenValidator,
  createPrismaReplayStore,
  createPrismaStores,
  createQueryClient,
  createRevocationEndpoint,
  createSaveToken,
} from '../../src/index.js';

export function wire(client: PostgresClient | MysqlClient | SqliteClient) {
  return [
    createPrismaStores(client),
    createPrismaReplayStore(client),
    createQueryClient(client),
    createSaveToken(client),
    createRevocationEndpoint(client),
    createBearerTokenValidator(client),
  ];
}
