import { runStoreConformanceSuite } from '@oauthkit/store-tests';
import { runPrismaStoreChecks } from './support/prisma-store-checks.js';
import {
  createPrismaTestDatabase,
  type PrismaTestDatabase,
} from './support/prisma-test-database.js';
import { createSqlSuiteContext } from './support/sql-suite-context.js';

let db: PrismaTestDatabase | undefined;

runStoreConformanceSuite({
  name: 'prisma/sqlite (better-sqlite3 file)',
  async setup() {
    db = await createPrismaTestDatabase('sqlite', '', 'prisma_sqlite');
    return createSqlSuiteContext(db.prisma, db.raw, db.faulty);
  },
  teardown: async () => db?.drop(),
});

runPrismaStoreChecks('sqlite', { url: '' });
