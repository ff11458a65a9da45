export { type CreateClientInput, createClientCommand } from './client-command.js';
export { importOptional } from './import-optional.js';
export { DEFAULT_CLIENT_SCOPE, type Io, main } from './main.js';
export { migrateCommand } from './migrate-command.js';
export {
  type OpenedStores,
  type OpenStoresOptions,
  openStores,
  STORE_KINDS,
} from './open-stores.js';
export {
  prismaModels,
  SCHEMA_TARGETS,
  type SchemaTarget,
  schemaFor,
  writePrismaMysqlMigration,
} from './schema-command.js';
