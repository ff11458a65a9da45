export {
  createDrizzleStores,
  type DrizzleStores,
  type DrizzleStoresOptions,
} from './create-drizzle-stores.js';
export { DEFAULT_DELETE_EXPIRED_BATCH_SIZE } from './delete-in-batches.js';
export type { DrizzleDatabase } from './dialects/detect-dialect.js';
export { hardenPgPool, type PgPoolClientLike, type PgPoolLike } from './harden-pg-pool.js';
export { createBearerTokenValidator } from './helpers/create-bearer-token-validator.js';
export { createQueryClient } from './helpers/create-query-client.js';
export { createRevocationEndpoint } from './helpers/create-revocation-endpoint.js';
export { createSaveToken } from './helpers/create-save-token.js';
export {
  migrationConfig,
  OAUTHKIT_MIGRATIONS_TABLE,
  type OAuthKitMigrationConfig,
} from './migration-config.js';
export { type MigrationsDialect, migrationsFolder } from './migrations-folder.js';
export {
  createDrizzlePushedRequestStore,
  type DrizzlePushedRequestStoreOptions,
} from './pushed-request-store.js';
export {
  createDrizzleReplayStore,
  type DrizzleReplayStore,
  type DrizzleReplayStoreOptions,
} from './replay-store.js';
