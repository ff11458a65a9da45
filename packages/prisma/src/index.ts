export { createPrismaAuthorizationCodeStore } from './authorization-code-store.js';
export { createPrismaClientStore } from './client-store.js';
export { createPrismaStores, type PrismaStoresOptions } from './create-prisma-stores.js';
export type {
  ModelDelegate,
  OauthAuthorizationCodeRow,
  OauthClientRow,
  OauthTokenRow,
  PrismaClientLike,
  PrismaDelegates,
} from './prisma-client-like.js';
export { createPrismaTokenStore, type PrismaTokenStoreOptions } from './token-store.js';
