import { defineConfig } from 'drizzle-kit';

// `pnpm drizzle-kit generate --config drizzle.sqlite.config.ts` writes the next migration; the
// drift test fails until it has been run and committed.
export default defineConfig({
  dialect: 'sqlite',
  schema: ['./src/tables/sqlite.ts', './src/tables/sqlite-pushed-requests.ts'],
  out: './migrations/sqlite',
});
