import { getServiceUrl } from '@oauthkit/store-tests';
import { afterAll } from 'vitest';
import type { Provider } from './generated-client.js';
import { createPrismaTestDatabase, type PrismaTestDatabase } from './prisma-test-database.js';

/** What {@link eachProviderDatabase} hands the tests of one provider. */
export interface ProviderDatabase {
  provider: Provider;
  /** Why the provider's tests are skipped (its service is absent), or `undefined`. */
  skip: string | undefined;
  /** The provider's database, made on first use with every migration applied, dropped after the file. */
  open(): Promise<PrismaTestDatabase>;
}

const services = {
  sqlite: null,
  postgresql: await getServiceUrl('postgres'),
  mysql: await getServiceUrl('mysql'),
} satisfies Record<Provider, Awaited<ReturnType<typeof getServiceUrl>> | null>;

/**
 * Runs `body` once per provider (SQLite, PostgreSQL, MySQL/MariaDB), each with a database of
 * its own named `<prefix>_<provider>`; a race in `body` runs over the client's pool.
 */
export function eachProviderDatabase(prefix: string, body: (db: ProviderDatabase) => void): void {
  for (const provider of ['sqlite', 'postgresql', 'mysql'] as const) {
    const service = services[provider];
    const skip = service && 'skip' in service ? service.skip : undefined;
    const url = service && 'url' in service ? service.url : '';
    let db: Promise<PrismaTestDatabase> | undefined;
    afterAll(async () => (await db)?.drop());
    body({
      provider,
      skip,
      open() {
        db ??= createPrismaTestDatabase(provider, url, `${prefix}_${provider}`);
        return db;
      },
    });
  }
}
