import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import type { OpenedStores } from '@oauthkit/cli';

/**
 * How long a statement waits for another connection's write lock, in milliseconds.
 * better-sqlite3 is synchronous: while it waits, the whole event loop waits with it. In WAL
 * mode readers never wait, so only a write racing another process's write (the CLI adding a
 * client) can; after this short wait it fails with SQLITE_BUSY, the store call fails closed
 * (503, nothing half-written: each statement or transaction is atomic) and the client retries,
 * instead of every request of the server stalling for seconds.
 */
export const SQLITE_BUSY_TIMEOUT_MS = 50;

/**
 * The example's embedded store: Drizzle on a SQLite file, migrated on open. The file (and its
 * `-wal`/`-shm` companions, which SQLite creates with the same mode) is readable by its owner
 * only: it holds client secret digests and token digests. Its folder is made owner-only when
 * this creates it.
 */
export async function openSqlite(file: string): Promise<OpenedStores> {
  const [
    { default: Database },
    { drizzle },
    { migrate },
    { createDrizzleStores, migrationsFolder },
  ] = await Promise.all([
    import('better-sqlite3'),
    import('drizzle-orm/better-sqlite3'),
    import('drizzle-orm/better-sqlite3/migrator'),
    import('@oauthkit/drizzle'),
  ]);
  const folder = dirname(file);
  if (!existsSync(folder)) mkdirSync(folder, { recursive: true, mode: 0o700 });
  // Create the file owner-only before SQLite opens it (SQLite would use the umask), and
  // tighten a file an earlier version created world-readable.
  closeSync(openSync(file, 'a', 0o600));
  for (const path of [file, `${file}-wal`, `${file}-shm`]) {
    if (existsSync(path)) chmodSync(path, 0o600);
  }
  const sqlite = new Database(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
  const db = drizzle(sqlite);
  migrate(db, { migrationsFolder: migrationsFolder('sqlite') });
  return {
    stores: createDrizzleStores(db),
    kind: `sqlite (${file})`,
    close: async () => {
      sqlite.close();
    },
  };
}
