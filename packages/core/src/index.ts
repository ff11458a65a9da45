export { constantTimeEqual } from './crypto/constant-time-equal.js';
export { digestSecret, digestToken } from './crypto/digest.js';
export { generateId, generateToken, TOKEN_BYTES } from './crypto/generate-token.js';
export { type Client, type ClientAuthEndpoint, createClient } from './models/client.js';
export {
  type ClientMetadata,
  type TokenEndpointAuthMethod,
  withMetadataDefaults,
} from './models/client-metadata.js';
export { redirectUriMatches, redirectUriProblem } from './models/redirect-uri.js';
export { isScopeSubset, isValidScope, listToScope, scopeToList } from './models/scope.js';
export { createToken, type Token } from './models/token.js';
export type {
  AuthorizationCodeRecord,
  AuthorizationCodeStore,
  ConsumeCodeResult,
} from './stores/authorization-code-store.js';
export type { ClientRecord, ClientStore } from './stores/client-store.js';
export { createMemoryStores, type MemoryStoresOptions } from './stores/memory-stores.js';
export type { Stores } from './stores/stores.js';
export type { TokenRecord, TokenStore } from './stores/token-store.js';
