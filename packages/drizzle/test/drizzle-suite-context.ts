import type { StoreSuiteContext } from '@oauthkit/store-tests';
import { createDrizzleStores, type DrizzleDatabase } from '../src/index.js';

/** Raw SQL on the driver underneath drizzle: never through drizzle or the stores. */
export type RawQuery = (text: string, params?: unknown[]) => Promise<Record<string, unknown>[]>;

/** A second database object whose connection fails after `okCalls` statements. */
export type FaultyDatabase = (
  okCalls: number,
) => Promise<{ db: DrizzleDatabase; close(): Promise<void> }>;

const TABLES = [
  'oauth_clients',
  'oauth_tokens',
  'oauth_authorization_codes',
  'oauth_device_codes',
] as const;

/**
 * The conformance suite's context for a drizzle database: the stores under test, and a raw
 * reader and reset written in plain SQL against the driver. `placeholder` is how the
 * driver spells the first bound parameter (`$1` on PostgreSQL, `?` elsewhere).
 */
export function createDrizzleSuiteContext(
  db: DrizzleDatabase,
  query: RawQuery,
  placeholder: '$1' | '?',
  faulty?: FaultyDatabase,
): StoreSuiteContext {
  const one = async (sql: string, value: string) => (await query(sql, [value]))[0] ?? null;
  return {
    stores: createDrizzleStores(db),
    ...(faulty && {
      async faulty(okCalls: number) {
        const connection = await faulty(okCalls);
        return { stores: createDrizzleStores(connection.db), close: connection.close };
      },
    }),
    raw: {
      async dump() {
        const all = await Promise.all(TABLES.map((t) => query(`SELECT * FROM ${t}`)));
        return JSON.stringify(Object.fromEntries(TABLES.map((t, i) => [t, all[i]])));
      },
      async token(digest) {
        const row = await one(
          'SELECT family_id, refresh_token_digest, revoked_at, rotated_at, scope ' +
            `FROM oauth_tokens WHERE access_token_digest = ${placeholder}`,
          digest,
        );
        if (!row) return null;
        return {
          familyId: String(row['family_id']),
          refreshTokenDigest: (row['refresh_token_digest'] as string | null) ?? null,
          revoked: row['revoked_at'] !== null,
          rotated: row['rotated_at'] !== null,
          scope: String(row['scope']),
        };
      },
      async code(digest) {
        const row = await one(
          'SELECT consumed_at, replayed_at FROM oauth_authorization_codes ' +
            `WHERE code_digest = ${placeholder}`,
          digest,
        );
        return (
          row && { consumed: row['consumed_at'] !== null, replayed: row['replayed_at'] !== null }
        );
      },
      async client(clientId) {
        const row = await one(
          `SELECT client_secret_digest, metadata, registration_access_token_digest FROM oauth_clients WHERE client_id = ${placeholder}`,
          clientId,
        );
        if (!row) return null;
        const metadata = row['metadata'];
        return {
          clientSecretDigest: (row['client_secret_digest'] as string | null) ?? null,
          metadata: typeof metadata === 'string' ? JSON.parse(metadata) : metadata,
          registrationAccessTokenDigest:
            (row['registration_access_token_digest'] as string | null) ?? null,
        };
      },
      async deviceCode(digest) {
        const row = await one(
          'SELECT status, interval_seconds, last_polled_at, redeemed_at, user_id ' +
            `FROM oauth_device_codes WHERE device_code_digest = ${placeholder}`,
          digest,
        );
        if (!row) return null;
        return {
          status: String(row['status']),
          interval: Number(row['interval_seconds']),
          polled: row['last_polled_at'] !== null,
          redeemed: row['redeemed_at'] !== null,
          userId: (row['user_id'] as string | null) ?? null,
        };
      },
    },
    async reset() {
      for (const t of TABLES) await query(`DELETE FROM ${t}`);
    },
  };
}
