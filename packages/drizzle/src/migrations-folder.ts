import { fileURLToPath } from 'node:url';

/** The dialects with committed migrations. */
export type MigrationsDialect = 'pg' | 'mysql' | 'sqlite';

const DIALECTS = new Set<string>(['pg', 'mysql', 'sqlite']);

/**
 * The absolute path of the committed drizzle-kit migrations for a dialect. To apply them,
 * prefer `migrationConfig(dialect)`, which also names their own migrations table; when you
 * spread the tables into your schema, your own drizzle-kit migrations include them instead.
 *
 * @example
 * import { migrate } from 'drizzle-orm/node-postgres/migrator';
 * await migrate(db, migrationConfig('pg')); // { migrationsFolder: migrationsFolder('pg'), ... }
 */
export function migrationsFolder(dialect: MigrationsDialect): string {
  if (!DIALECTS.has(dialect)) {
    throw new TypeError(`migrationsFolder: unknown dialect ${String(dialect)} (pg, mysql, sqlite)`);
  }
  // src/ and dist/ both sit one level below the package root, beside migrations/.
  return fileURLToPath(new URL(`../migrations/${dialect}`, import.meta.url));
}
