import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { importOptional } from './import-optional.js';
import { loadModule } from './load-module.js';
import type { OpenedStores } from './open-stores.js';

type Provider = 'postgresql' | 'mysql' | 'sqlite';

/** The adapter package each provider needs beside `@prisma/client`. */
const ADAPTERS: Record<Provider, string> = {
  postgresql: '@prisma/adapter-pg',
  mysql: '@prisma/adapter-mariadb',
  sqlite: '@prisma/adapter-better-sqlite3',
};

/**
 * Stores over Prisma, with the PrismaClient you generated from the oauthkit models:
 * `PRISMA_CLIENT_MODULE` is the path of a module exporting `PrismaClient` (the generated
 * `client.ts`, or its compiled `.js`). Inside this repository it defaults to the client the
 * tests generate. The tables must exist: run `prisma migrate deploy` first.
 */
export async function openPrismaStores(url: string, env: NodeJS.ProcessEnv): Promise<OpenedStores> {
  const provider = providerOf(url);
  const modulePath = env.PRISMA_CLIENT_MODULE ?? repositoryClient(provider);
  if (!modulePath) {
    throw new TypeError(
      'PRISMA_CLIENT_MODULE must name your generated Prisma client (for example ./generated/prisma/client.ts)',
    );
  }
  const [{ createPrismaStores }, adapters] = await importOptional(
    ['@oauthkit/prisma', ADAPTERS[provider]],
    `the Prisma store (${provider})`,
  );
  const { PrismaClient } = (await loadModule(modulePath, 'PRISMA_CLIENT_MODULE')) as {
    PrismaClient?: new (options: { adapter: unknown }) => { $disconnect(): Promise<void> };
  };
  if (typeof PrismaClient !== 'function') {
    throw new TypeError(`PRISMA_CLIENT_MODULE ${modulePath} exports no PrismaClient`);
  }
  const prisma = new PrismaClient({ adapter: adapterFor(provider, url, adapters) });
  return {
    stores: createPrismaStores(prisma),
    kind: `prisma (${provider})`,
    close: () => prisma.$disconnect(),
  };
}

/** The client this repository generates for its tests, when running inside it. */
function repositoryClient(provider: Provider): string | undefined {
  try {
    const require = createRequire(import.meta.url);
    const dir = dirname(require.resolve('@oauthkit/prisma/package.json'));
    const file = join(dir, 'generated', provider, 'client.ts');
    return existsSync(file) ? file : undefined;
  } catch {
    return undefined;
  }
}

function providerOf(url: string): Provider {
  if (/^postgres(ql)?:/.test(url)) return 'postgresql';
  if (/^(mysql|mariadb):/.test(url)) return 'mysql';
  if (/^file:/.test(url)) return 'sqlite';
  throw new TypeError('DATABASE_URL must start with postgres://, mysql://, mariadb:// or file:');
}

function adapterFor(provider: Provider, url: string, adapters: any): unknown {
  if (provider === 'postgresql') return new adapters.PrismaPg({ connectionString: url });
  if (provider === 'mysql') return new adapters.PrismaMariaDb(url.replace(/^mysql:/, 'mariadb:'));
  return new adapters.PrismaBetterSqlite3({ url });
}
