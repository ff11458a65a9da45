// Prisma CLI configuration for the sqlite schema; see ../prisma.config.ts.
export default {
  schema: 'schema.prisma',
  migrations: { path: 'migrations' },
  datasource: {
    url: process.env.DATABASE_URL ?? 'file:./oauthkit.db',
  },
};
