export { type CreateClientInput, createClientCommand } from './client-command.js';
export { type Io, main } from './main.js';
export { type OpenedStores, openStores } from './open-stores.js';
export { prismaModels, SCHEMA_TARGETS, type SchemaTarget, schemaFor } from './schema-command.js';
