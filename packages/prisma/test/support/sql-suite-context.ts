import type { RawReader, StoreSuiteContext } from '@oauthkit/store-tests';
import { createPrismaStores } from '../../src/index.js';
import type { TestPrismaClient } from './generated-client.js';
import type { PrismaTestDatabase } from './prisma-test-database.js';
import type { RawDatabase } from './raw-database.js';

const TABLES = [
  'oauth_clients',
  'oauth_tokens',
  'oauth_authorization_codes',
  'oauth_device_codes',
] as const;

/**
 * The conformance suite's context for the Prisma stores: the stores over `prisma`, and a raw
 * reader and reset over `raw`, a connection of the database driver itself, so that every
 * write is checked in the tables rather than through Prisma.
 */
export function createSqlSuiteContext(
  prisma: TestPrismaClient,
  raw: RawDatabase,
  faulty?: PrismaTestDatabase['faulty'],
): StoreSuiteContext {
  const reader: RawReader = {
    async dump() {
      const tables: Record<string, unknown[]> = {};
      for (const table of TABLES) tables[table] = await raw.query(`SELECT * FROM ${table}`);
      return JSON.stringify(tables);
    },
    async token(digest) {
      const [row] = await raw.query(
        'SELECT family_id, refresh_token_digest, revoked_at, rotated_at, scope FROM oauth_tokens WHERE access_token_digest = ?',
        [digest],
      );
      if (!row) return null;
      return {
        familyId: row.family_id as string,
        refreshTokenDigest: row.refresh_token_digest as string | null,
        revoked: row.revoked_at !== null,
        rotated: row.rotated_at !== null,
        scope: row.scope as string,
      };
    },
    async code(digest) {
      const [row] = await raw.query(
        'SELECT consumed_at, replayed_at FROM oauth_authorization_codes WHERE code_digest = ?',
        [digest],
      );
      return row
        ? { consumed: row.consumed_at !== null, replayed: row.replayed_at !== null }
        : null;
    },
    async client(clientId) {
      const [row] = await raw.query(
        'SELECT client_secret_digest, metadata, registration_access_token_digest FROM oauth_clients WHERE client_id = ?',
        [clientId],
      );
      if (!row) return null;
      // JSONB comes back parsed; MariaDB's JSON (LONGTEXT) and SQLite's JSONB text do not.
      const metadata = typeof row.metadata === 'string' ? JSON.parse(row.metadata) : row.metadata;
      return {
        clientSecretDigest: row.client_secret_digest as string | null,
        metadata,
        registrationAccessTokenDigest: row.registration_access_token_digest as string | null,
      };
    },
    async deviceCode(digest) {
      // `*`: the `interval` column is a keyword, quoted differently by each database.
      const [row] = await raw.query(
        'SELECT * FROM oauth_device_codes WHERE device_code_digest = ?',
        [digest],
      );
      if (!row) return null;
      return {
        status: row.status as string,
        interval: Number(row.interval),
        polled: row.last_polled_at !== null,
        redeemed: row.redeemed_at !== null,
        userId: row.user_id as string | null,
      };
    },
  };
  return {
    stores: createPrismaStores(prisma),
    raw: reader,
    ...(faulty && {
      async faulty(okCalls: number) {
        const connection = await faulty(okCalls);
        return { stores: createPrismaStores(connection.prisma), close: connection.close };
      },
    }),
    async reset() {
      for (const table of TABLES) await raw.exec(`DELETE FROM ${table}`);
    },
  };
}
