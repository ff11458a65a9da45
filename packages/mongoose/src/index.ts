export { createQueryClient } from './helpers/create-query-client.js';
export { createSaveToken } from './helpers/create-save-token.js';
export {
  OAUTH_MODEL_NAMES,
  type OAuthModels,
  registerOAuthModels,
} from './models/register-oauth-models.js';
export {
  AUTHORIZATION_CODES_COLLECTION,
  type AuthorizationCodeDocument,
  authorizationCodeSchema,
} from './schemas/authorization-code-schema.js';
export {
  CLIENTS_COLLECTION,
  type ClientDocument,
  clientMetadataSchema,
  clientSchema,
} from './schemas/client-schema.js';
export {
  DEVICE_CODES_COLLECTION,
  type DeviceCodeDocument,
  deviceCodeSchema,
} from './schemas/device-code-schema.js';
export {
  PUSHED_REQUESTS_COLLECTION,
  type PushedRequestDocument,
  pushedRequestSchema,
} from './schemas/pushed-request-schema.js';
export {
  REPLAY_IDS_COLLECTION,
  type ReplayIdDocument,
  replayIdSchema,
} from './schemas/replay-id-schema.js';
export {
  PROVISIONAL_TOKEN_TTL_MS,
  TOKENS_COLLECTION,
  type TokenDocument,
  tokenExpireAt,
  tokenSchema,
} from './schemas/token-schema.js';
export {
  createMongooseStores,
  DEFAULT_MONGOOSE_OPERATION_TIMEOUT_MS,
  type MongooseStores,
  type MongooseStoresOptions,
} from './stores/create-mongoose-stores.js';
export { createMongooseDeviceCodeStore } from './stores/mongoose-device-code-store.js';
export {
  createMongoosePushedRequestStore,
  PUSHED_REQUEST_MODEL_NAME,
} from './stores/mongoose-pushed-request-store.js';
export {
  createMongooseReplayStore,
  type MongooseReplayStore,
  type MongooseReplayStoreOptions,
  REPLAY_ID_MODEL_NAME,
} from './stores/mongoose-replay-store.js';
