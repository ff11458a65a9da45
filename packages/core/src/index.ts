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
export type {
  AuthenticatedClient,
  QueryClient,
} from './client-auth/authenticate-client.js';
export { authenticateClient } from './client-auth/authenticate-client.js';
export type { ClientAuthMethod, PresentedCredentials } from './client-auth/client-auth-method.js';
export { clientSecretBasic } from './client-auth/client-secret-basic.js';
export { clientSecretPost } from './client-auth/client-secret-post.js';
export { noneAuth } from './client-auth/none.js';
export { queryClientFromStore } from './client-auth/query-client-from-store.js';
export { DEFAULTS } from './config/defaults.js';
export type { AuthorizationServerConfig, ResolvedConfig } from './config/server-config.js';
export { resolveConfig } from './config/server-config.js';
export type { Endpoint } from './endpoints/endpoint.js';
export { requireForm } from './endpoints/token-endpoint.js';
export * from './errors/errors.js';
export { OAuth2Error, type OAuth2ErrorOptions } from './errors/oauth2-error.js';
export { asOAuth2Error, errorFields, errorResponse } from './errors/render-error.js';
export {
  ServerEventEmitter,
  type ServerEventListener,
  type ServerEvents,
  type TokenRevocationReason,
} from './events/server-events.js';
export { createAuthorizationCodeGrant } from './grants/authorization-code-grant.js';
export { createClientCredentialsGrant } from './grants/client-credentials-grant.js';
export { type AuthenticateUser, createPasswordGrant } from './grants/password-grant.js';
export { isValidPkceValue, s256Challenge, verifyCodeChallenge } from './grants/pkce.js';
export { createRefreshTokenGrant } from './grants/refresh-token-grant.js';
export type {
  GrantExtension,
  GrantResult,
  GrantServices,
  SaveToken,
  SaveTokenRequest,
  TokenGrant,
  TokenGrantContext,
} from './grants/token-grant.js';
export { validateRequestedScope } from './grants/validate-scope.js';
export type { Catalog, MessageKey } from './i18n/en.js';
export {
  builtInLocales,
  type MessageParams,
  parseAcceptLanguage,
  type TranslateHook,
  translate,
} from './i18n/translate.js';
export { type User, userFromId } from './models/user.js';
export {
  createOAuth2Request,
  isFormContentType,
  type OAuth2RequestInit,
} from './request/create-oauth2-request.js';
export { fromWebRequest } from './request/from-web-request.js';
export type { BodyProblem, HeaderReader, OAuth2Request } from './request/oauth2-request.js';
export { Params } from './request/params.js';
export {
  type BearerTokenValidator,
  type BearerTokenValidatorOptions,
  createBearerTokenValidator,
  MissingTokenError,
} from './resource/bearer-token-validator.js';
export { type ProtectResult, ResourceProtector } from './resource/resource-protector.js';
export {
  jsonResponse,
  NO_STORE,
  type OAuth2Response,
  redirectResponse,
  toWebResponse,
} from './response/oauth2-response.js';
export {
  AuthorizationServer,
  type AuthorizationServerOptions,
  createAuthorizationServer,
} from './server/authorization-server.js';
export type { GrantContextServices, RegisteredGrant } from './server/server-internals.js';
export { callStore } from './stores/call-store.js';
export {
  createBearerTokenGenerator,
  type TokenGenerator,
  type TokenGeneratorInput,
} from './tokens/bearer-token-generator.js';
export { type IssuedToken, tokenResponseBody } from './tokens/issued-token.js';
export type {
  AccessTokenGeneratorOption,
  TokenValueGenerator,
} from './tokens/token-generator-option.js';
export { saveTokenFromStore } from './tokens/save-token-from-store.js';
export { tokenRecordFor } from './tokens/token-record-for.js';
export {
  authorizationErrorResponse,
  authorizationParams,
  createAuthorizationResponse,
  validateAuthorizationRequest,
} from './endpoints/authorization-endpoint.js';
export { buildAuthorizationRedirect } from './endpoints/authorization-redirect.js';
export { type FoundToken, findToken, isActive } from './endpoints/find-token.js';
export {
  createIntrospectionEndpoint,
  type IntrospectionOptions,
} from './endpoints/introspection-endpoint.js';
export {
  buildMetadata,
  createMetadataEndpoint,
  METADATA_PATH,
} from './endpoints/metadata-endpoint.js';
export { createRevocationEndpoint } from './endpoints/revocation-endpoint.js';
export type { AuthorizationErrorRedirect } from './errors/oauth2-error.js';
export type {
  AuthorizationGrant,
  AuthorizationGrantContext,
  AuthorizationRequest,
} from './grants/authorization-grant.js';
export { createCodeResponseType } from './grants/code-response-type.js';
export { createImplicitGrant } from './grants/implicit-grant.js';
export type { EndpointUrls } from './config/server-config.js';
export {
  type BindingAuthorizationHooks,
  type BoundAuthorizationHooks,
  hasAuthorizationHooks,
} from './web/authorization-hooks.js';
export {
  createEndpointRouter,
  type EndpointName,
  endpointPaths,
  type EndpointRouterOptions,
} from './web/endpoint-router.js';
export {
  createFetchHandler,
  type FetchHandler,
  type FetchHandlerOptions,
} from './web/fetch-handler.js';
export { readLimited } from './web/read-limited.js';
export { type EndpointOutcome, serveEndpoint } from './web/serve-endpoint.js';
export * from './server/start-expired-record-cleanup.js';
export {
  createMemoryRateLimiter,
  type MemoryRateLimiterOptions,
} from './rate-limit/memory-rate-limiter.js';
export {
  createRateLimitedTokenEndpoint,
  RateLimitedError,
  type TokenRateLimitOptions,
} from './rate-limit/rate-limited-token-endpoint.js';
export {
  RATE_LIMIT_DEFAULTS,
  type RateLimiter,
  type RateLimitKeys,
  type RateLimitKind,
  type RateLimitRule,
  type RateLimitRules,
  resolveRateLimitRules,
} from './rate-limit/rate-limiter.js';
export { escapeHtml } from './html/escape-html.js';
