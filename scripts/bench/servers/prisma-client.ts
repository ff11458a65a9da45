import type { PrismaClientLike } from '@oauthkit/prisma';
// The client this repository generates from prisma/schema.prisma (PostgreSQL) for its
// tests; `pnpm install` generates it (the @oauthkit/prisma postinstall). The bench bundles
// it with esbuild, hence the import of a .ts file.
import * as generated from '../../../packages/prisma/generated/postgresql/client.ts';

/** The generated PrismaClient, typed as much as the bench needs. */
export const PrismaClient = (
  generated as unknown as {
    PrismaClient: new (options: {
      adapter: unknown;
    }) => PrismaClientLike & {
      $disconnect(): Promise<void>;
    };
  }
).PrismaClient;
