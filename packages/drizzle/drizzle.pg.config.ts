import { defineConfig } from 'drizzle-kit';

// `pnpm drizzle-kit generate --config drizzle.pg.config.ts` writes the next migration; the
// drift test fails until it has been run and committed.
export default defineConfig({
  dialect: 'postgresql',
  schema: ['./src/tables/pg.ts', './src/tables/pg-pushed-requests.ts'],
  out: './migrations/pg',
});
