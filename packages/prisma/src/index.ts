export {
  createPrismaAuthorizationCodeStore,
  type PrismaAuthorizationCodeStoreOptions,
} from './authorization-code-store.js';
export { createPrismaClientStore } from './client-store.js';
export { createBearerTokenValidator } from './create-bearer-token-validator.js';
export {
  createPrismaStores,
  type PrismaStores,
  type PrismaStoresOptions,
} from './create-prisma-stores.js';
export { createQueryClient } from './create-query-client.js';
export { createRevocationEndpoint } from './create-revocation-endpoint.js';
export { createSaveToken } from './create-save-token.js';
export {
  DEFAULT_DELETE_EXPIRED_BATCH_SIZE,
  type DeleteExpiredOptions,
} from './delete-in-batches.js';
export {
  createPrismaDeviceCodeStore,
  type PrismaDeviceCodeStoreOptions,
} from './device-code-store.js';
export type {
  JsonInput,
  ModelDelegate,
  OauthAuthorizationCodeRow,
  OauthClientData,
  OauthClientRow,
  OauthDeviceCodeRow,
  OauthReplayIdDelegate,
  OauthReplayIdRow,
  OauthTokenRow,
  PrismaClientLike,
  PrismaDelegates,
  WhereInput,
} from './prisma-client-like.js';
export { prismaStatementNames } from './prisma-statement-names.js';
export {
  createPrismaPushedRequestStore,
  type OauthPushedRequestDelegate,
  type OauthPushedRequestRow,
  type PrismaPushedRequestStoreOptions,
} from './pushed-request-store.js';
export {
  createPrismaReplayStore,
  type PrismaReplayStore,
  type PrismaReplayStoreOptions,
} from './replay-store.js';
export { createPrismaTokenStore, type PrismaTokenStoreOptions } from './token-store.js';
