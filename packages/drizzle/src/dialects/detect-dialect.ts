import { is } from 'drizzle-orm';
import { MySqlDatabase } from 'drizzle-orm/mysql-core';
import { PgDatabase } from 'drizzle-orm/pg-core';
import { BaseSQLiteDatabase } from 'drizzle-orm/sqlite-core';
import type { Dialect } from './dialect.js';
import { createMySqlDialect } from './mysql-dialect.js';
import { createPgDialect, type PgDialectOptions } from './pg-dialect.js';
import { createSQLiteDialect } from './sqlite-dialect.js';

/** Any drizzle database: PostgreSQL, MySQL/MariaDB or SQLite, whatever the driver. */
export type DrizzleDatabase =
  | PgDatabase<any, any, any>
  | MySqlDatabase<any, any, any, any>
  | BaseSQLiteDatabase<any, any, any, any>;

/**
 * Picks the dialect from the database object. `is` checks drizzle's entity kinds rather
 * than `instanceof`, so it also recognises a database built by another copy of drizzle-orm.
 */
export function detectDialect(db: DrizzleDatabase, options: PgDialectOptions = {}): Dialect {
  if (is(db, PgDatabase)) return createPgDialect(db, options);
  if (is(db, MySqlDatabase)) return createMySqlDialect(db);
  if (is(db, BaseSQLiteDatabase)) return createSQLiteDialect(db);
  throw new TypeError(
    'createDrizzleStores: expected a drizzle database (from drizzle-orm/node-postgres, ' +
      'postgres-js, pglite, mysql2, better-sqlite3, ...), got ' +
      (db === null ? 'null' : typeof db),
  );
}
