// Prisma CLI configuration for the mysql schema; see ../prisma.config.ts.
export default {
  schema: 'schema.prisma',
  migrations: { path: 'migrations' },
  datasource: {
    url: process.env.DATABASE_URL ?? process.env.MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test',
  },
};
