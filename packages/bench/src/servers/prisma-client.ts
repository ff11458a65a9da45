import type { PrismaClientLike } from '@oauthkit/prisma';
// The client this repository generates from prisma/schema.prisma (PostgreSQL) for its
// tests; the server bundle resolves the name to the generated file.
import * as generated from 'oauthkit-prisma-postgresql-client';

/** The generated PrismaClient, typed as much as the bench needs. */
export const PrismaClient = (
  generated as unknown as {
    PrismaClient: new (options: {
      adapter: unknown;
      errorFormat?: 'minimal' | 'colorless' | 'pretty';
    }) => PrismaClientLike & {
      $disconnect(): Promise<void>;
    };
  }
).PrismaClient;
