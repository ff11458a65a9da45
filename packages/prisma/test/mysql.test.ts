import { getServiceUrl, runStoreConformanceSuite } from '@oauthkit/store-tests';
import { runPrismaStoreChecks } from './support/prisma-store-checks.js';
import {
  createPrismaTestDatabase,
  type PrismaTestDatabase,
} from './support/prisma-test-database.js';
import { createSqlSuiteContext } from './support/sql-suite-context.js';

const service = await getServiceUrl('mysql');
let db: PrismaTestDatabase | undefined;

runStoreConformanceSuite({
  name: 'prisma/mysql (MariaDB adapter)',
  skip: 'skip' in service ? service.skip : undefined,
  async setup() {
    db = await createPrismaTestDatabase('mysql', (service as { url: string }).url, 'prisma_mysql');
    return createSqlSuiteContext(db.prisma, db.raw, db.faulty);
  },
  teardown: async () => db?.drop(),
});

runPrismaStoreChecks('mysql', service);
