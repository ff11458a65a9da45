import type { DeviceCodeStore, PushedRequestStore, Stores } from '@oauthkit/core';
import { resolveDeleteExpiredBatchSize } from '@oauthkit/core/stores';
import { createAuthorizationCodeStore } from './authorization-code-store.js';
import { createClientStore } from './client-store.js';
import { createDeviceCodeStore } from './device-code-store.js';
import { type DrizzleDatabase, detectDialect } from './dialects/detect-dialect.js';
import { createPushedRequestStore } from './pushed-request-store.js';
import { createTokenStore } from './token-store.js';

/** Options of {@link createDrizzleStores}. */
export interface DrizzleStoresOptions {
  /**
   * Rows one DELETE statement of `deleteExpired` removes at most (default 1000): each batch is
   * its own short transaction, so a cleanup of a huge backlog never locks it all at once.
   */
  deleteExpiredBatchSize?: number;
  /**
   * PostgreSQL: whether the statements of the hot path (lookups, the token insert, the code
   * consumption and redemption, the rotation) are named prepared statements (default `true`):
   * the server parses and plans each once per connection instead of on every call, which
   * roughly halves its CPU per lookup. Set `false` behind a transaction-mode pooler that does
   * not support protocol-level prepared statements (PgBouncer before 1.21, or without
   * `max_prepared_statements`): the statements are then sent unnamed, parsed on every call.
   * Drivers that prepare on their own (postgres.js) or not at all (PGlite) ignore the names.
   */
  namedStatements?: boolean;
  /**
   * PostgreSQL over node-postgres: whether the token inserts, the code redemptions, and the lookups
   * of tokens and codes by digest, of one event-loop turn (the requests a busy server reads
   * together) go to the database as one statement each (default `true`): one round trip, and for
   * the writes one commit, for all of them instead of one each. A lone call goes alone, as before.
   * Each caller still gets its own outcome: a row the joint insert skipped on a conflict, a
   * redemption the joint statement did not win (the code consumed already, or unknown), and every
   * call of a joint write that failed, run again alone (a joint lookup that fails is read again key
   * by key), and a statement commits all it did or nothing. The statements leave at the end of the
   * turn (`setImmediate`), so a request waits for the other callbacks of its turn. `false` sends
   * every statement on its own.
   */
  coalesceStatements?: boolean;
}

/**
 * What {@link createDrizzleStores} returns: every store, the device code and pushed request
 * stores included.
 */
export type DrizzleStores = Stores & {
  deviceCodes: DeviceCodeStore;
  pushedRequests: PushedRequestStore;
};

/**
 * The oauthkit {@link Stores} over a drizzle database holding the tables of
 * `@oauthkit/drizzle/pg`, `/mysql` or `/sqlite` (`deviceCodes`, for RFC 8628, needs the
 * `oauth_device_codes` table of the third migration; `pushedRequests`, for RFC 9126, the
 * `oauth_pushed_requests` table of the fourth). The dialect is read from `db`: pass the
 * object drizzle returned (node-postgres, postgres.js, PGlite, mysql2, better-sqlite3...).
 * Single-use steps are conditional UPDATEs, so several server instances can share the
 * database.
 *
 * @example
 * import { createAuthorizationServer } from '@oauthkit/core';
 * import { drizzle } from 'drizzle-orm/node-postgres';
 *
 * const db = drizzle(process.env.DATABASE_URL!);
 * const server = createAuthorizationServer({ ...createDrizzleStores(db), config });
 */
export function createDrizzleStores(
  db: DrizzleDatabase,
  options: DrizzleStoresOptions = {},
): DrizzleStores {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError('createDrizzleStores: options must be an object');
  }
  const { namedStatements, coalesceStatements } = options;
  for (const [name, value] of Object.entries({ namedStatements, coalesceStatements })) {
    if (value !== undefined && typeof value !== 'boolean') {
      throw new TypeError(`createDrizzleStores: ${name} must be a boolean`);
    }
  }
  const dialect = detectDialect(db, { namedStatements, coalesceStatements });
  const batchSize = resolveDeleteExpiredBatchSize(options.deleteExpiredBatchSize);
  const tokens = createTokenStore(dialect, batchSize);
  return {
    clients: createClientStore(dialect),
    tokens,
    codes: createAuthorizationCodeStore(dialect, batchSize, tokens),
    deviceCodes: createDeviceCodeStore(dialect, batchSize),
    pushedRequests: createPushedRequestStore(dialect, batchSize),
  };
}
