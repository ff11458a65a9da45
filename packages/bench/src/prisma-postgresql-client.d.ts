// The PostgreSQL client @oauthkit/prisma generates from prisma/schema.prisma for its tests
// (`pnpm install` runs the generation). It is no export of that package: the server bundle
// resolves this name to the generated file (see build-server-bundle.ts), and
// servers/prisma-client.ts types the part the bench uses.
declare module 'oauthkit-prisma-postgresql-client' {
  export const PrismaClient: unknown;
}
