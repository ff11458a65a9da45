import { type MigrationsDialect, migrationsFolder } from './migrations-folder.js';

/**
 * The table in which drizzle's migrator records the migrations this package ships. It is not
 * drizzle's default `__drizzle_migrations`: that table also holds the application's own
 * migrations, and drizzle's migrator applies a folder only if its migrations are newer than
 * the last one recorded there, so an application with newer migrations of its own would have
 * oauthkit's skipped without a word.
 */
export const OAUTHKIT_MIGRATIONS_TABLE = '__oauthkit_migrations';

/** What `migrationConfig` returns: the config object every drizzle `migrate()` takes. */
export interface OAuthKitMigrationConfig {
  migrationsFolder: string;
  migrationsTable: string;
}

/**
 * The config for drizzle's `migrate()` that applies the migrations this package ships and
 * records them in their own table (`__oauthkit_migrations`, in the `drizzle` schema on
 * PostgreSQL), apart from the application's migrations. Use it with the migrator of your
 * driver; applying it again applies nothing.
 *
 * @example
 * import { migrate } from 'drizzle-orm/node-postgres/migrator';
 * await migrate(db, migrationConfig('pg')); // 'mysql' | 'sqlite'
 */
export function migrationConfig(dialect: MigrationsDialect): OAuthKitMigrationConfig {
  return {
    migrationsFolder: migrationsFolder(dialect),
    migrationsTable: OAUTHKIT_MIGRATIONS_TABLE,
  };
}
