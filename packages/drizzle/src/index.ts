export { createDrizzleStores } from './create-drizzle-stores.js';
export type { DrizzleDatabase } from './dialects/detect-dialect.js';
export { type MigrationsDialect, migrationsFolder } from './migrations-folder.js';
