import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { injectSqliteFailures, runStoreConformanceSuite } from '@oauthkit/store-tests';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { migrationsFolder } from '../src/index.js';
import { createDrizzleSuiteContext } from './drizzle-suite-context.js';

let dir: string | undefined;
let sqlite: Database.Database | undefined;

runStoreConformanceSuite({
  name: 'drizzle/better-sqlite3',
  async setup() {
    dir = mkdtempSync(join(tmpdir(), 'oauthkit-drizzle-'));
    const file = join(dir, 'oauth.db');
    sqlite = new Database(file);
    sqlite.pragma('journal_mode = WAL');
    const db = drizzle({ client: sqlite });
    migrate(db, { migrationsFolder: migrationsFolder('sqlite') });
    const s = sqlite;
    return createDrizzleSuiteContext(
      db,
      async (text, params = []) => {
        const statement = s.prepare(text);
        if (!statement.reader) return statement.run(...params) && [];
        return statement.all(...params) as Record<string, unknown>[];
      },
      '?',
      async (okCalls) => {
        const second = injectSqliteFailures(new Database(file), okCalls);
        return {
          db: drizzle({ client: second }),
          close: async () => {
            second.close();
          },
        };
      },
    );
  },
  async teardown() {
    sqlite?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  },
});
