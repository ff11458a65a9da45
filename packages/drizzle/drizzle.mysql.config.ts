import { defineConfig } from 'drizzle-kit';

// `pnpm drizzle-kit generate --config drizzle.mysql.config.ts` writes the next migration; the
// drift test fails until it has been run and committed.
export default defineConfig({
  dialect: 'mysql',
  schema: ['./src/tables/mysql.ts', './src/tables/mysql-pushed-requests.ts'],
  out: './migrations/mysql',
});
