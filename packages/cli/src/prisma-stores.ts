import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { OpenedStores } from './open-stores.js';

type Provider = 'postgresql' | 'mysql' | 'sqlite';

/**
 * Stores over Prisma. The PrismaClient is the one generated from the oauthkit models: by
 * default the client this repository generates for its tests (`@oauthkit/prisma`'s
 * `generated/<provider>`), or your own through `PRISMA_CLIENT_MODULE` (a module exporting
 * `PrismaClient`). The tables must exist: run `prisma migrate deploy` first.
 */
export async function openPrismaStores(url: string, env: NodeJS.ProcessEnv): Promise<OpenedStores> {
  const provider = providerOf(url);
  const { createPrismaStores } = await import('@oauthkit/prisma');
  const require = createRequire(import.meta.url);
  const modulePath =
    env.PRISMA_CLIENT_MODULE !== undefined
      ? resolve(env.PRISMA_CLIENT_MODULE)
      : join(
          dirname(require.resolve('@oauthkit/prisma/package.json')),
          'generated',
          provider,
          'client.ts',
        );
  const { PrismaClient } = (await import(pathToFileURL(modulePath).href)) as {
    PrismaClient: new (options: {
      adapter: unknown;
    }) => Parameters<typeof createPrismaStores>[0] & {
      $disconnect(): Promise<void>;
    };
  };
  const prisma = new PrismaClient({ adapter: await adapterFor(provider, url) });
  return {
    stores: createPrismaStores(prisma),
    kind: `prisma (${provider})`,
    close: () => prisma.$disconnect(),
  };
}

function providerOf(url: string): Provider {
  if (/^postgres(ql)?:/.test(url)) return 'postgresql';
  if (/^(mysql|mariadb):/.test(url)) return 'mysql';
  if (/^file:/.test(url)) return 'sqlite';
  throw new TypeError('DATABASE_URL must start with postgres://, mysql://, mariadb:// or file:');
}

async function adapterFor(provider: Provider, url: string): Promise<unknown> {
  if (provider === 'postgresql') {
    const { PrismaPg } = await import('@prisma/adapter-pg');
    return new PrismaPg({ connectionString: url });
  }
  if (provider === 'mysql') {
    const { PrismaMariaDb } = await import('@prisma/adapter-mariadb');
    return new PrismaMariaDb(url.replace(/^mysql:/, 'mariadb:'));
  }
  const { PrismaBetterSqlite3 } = await import('@prisma/adapter-better-sqlite3');
  return new PrismaBetterSqlite3({ url });
}
