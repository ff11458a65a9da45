import type { Stores } from '@oauthkit/core';
import { createAuthorizationCodeStore } from './authorization-code-store.js';
import { createClientStore } from './client-store.js';
import { type DrizzleDatabase, detectDialect } from './dialects/detect-dialect.js';
import { createTokenStore } from './token-store.js';

/**
 * The oauthkit {@link Stores} over a drizzle database holding the tables of
 * `@oauthkit/drizzle/pg`, `/mysql` or `/sqlite`. The dialect is read from `db`: pass the
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
export function createDrizzleStores(db: DrizzleDatabase): Stores {
  const dialect = detectDialect(db);
  return {
    clients: createClientStore(dialect),
    tokens: createTokenStore(dialect),
    codes: createAuthorizationCodeStore(dialect),
  };
}
