// Prisma CLI configuration for the PostgreSQL schema. From the repository root:
//   DATABASE_URL=postgresql://... pnpm --filter @oauthkit/prisma exec prisma migrate deploy --config ../../prisma/prisma.config.ts
// `prisma/config`'s defineConfig only adds types, so a plain object keeps this file loadable
// from a folder that has no node_modules of its own.
export default {
  schema: 'schema.prisma',
  migrations: { path: 'migrations' },
  datasource: {
    url:
      process.env.DATABASE_URL ??
      process.env.POSTGRES_URL ??
      'postgresql://postgres@127.0.0.1:5432/test',
  },
};
