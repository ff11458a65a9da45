export type {
  AuthenticatedClient,
  QueryClient,
} from './client-auth/authenticate-client.js';
export type {
  ClientAuthContext,
  ClientAuthMethod,
  CredentialPresence,
  PresentedCredentials,
} from './client-auth/client-auth-method.js';
export { clientSecretBasic } from './client-auth/client-secret-basic.js';
export { clientSecretPost } from './client-auth/client-secret-post.js';
export { noneAuth } from './client-auth/none.js';
export {
  CLIENT_ASSERTION_NAMESPACE,
  createPrivateKeyJwtMethod,
  JWT_BEARER_ASSERTION_TYPE,
  type PrivateKeyJwtOptions,
} from './client-auth/private-key-jwt.js';
export { queryClientFromStore } from './client-auth/query-client-from-store.js';
export { DEFAULTS } from './config/defaults.js';
export type {
  AccessTokenFormat,
  ResolvedResource,
  ResourceConfig,
} from './config/resolve-resources.js';
export {
  FAPI2_CLIENT_AUTH_METHODS,
  FAPI2_SIGNING_ALGORITHMS,
  type SecurityProfile,
} from './config/security-profile.js';
export type {
  AuthorizationServerConfig,
  DeviceAuthorizationConfig,
  EndpointUrls,
  PushedAuthorizationRequestsConfig,
  ResolvedConfig,
} from './config/server-config.js';
export type { ResolvedCors } from './cors/cors.js';
export { constantTimeEqual } from './crypto/constant-time-equal.js';
export { digestSecret, digestToken } from './crypto/digest.js';
export { generateId, generateToken, TOKEN_BYTES } from './crypto/generate-token.js';
export { createDeviceAuthorizationEndpoint } from './device/device-authorization-endpoint.js';
export { createDeviceCodeGrant } from './device/device-code-grant.js';
export { DEVICE_CODE_GRANT_TYPE } from './device/device-code-grant-type.js';
export {
  AuthorizationPendingError,
  DeviceAccessDeniedError,
  ExpiredTokenError,
  SlowDownError,
} from './device/device-errors.js';
export type {
  DeviceApproval,
  DeviceVerificationCaller,
  DeviceVerificationRequest,
} from './device/device-verification.js';
export {
  generateUserCode,
  normalizeUserCode,
  USER_CODE_ALPHABET,
  USER_CODE_LENGTH,
} from './device/user-code.js';
export {
  createDpop,
  type DpopModule,
  type DpopNonceOptions,
  type DpopOptions,
} from './dpop/create-dpop.js';
export {
  DEFAULT_DPOP_ALGORITHMS,
  DPOP_ALGORITHMS,
  isDpopAlgorithm,
} from './dpop/dpop-algorithms.js';
export { createDpopAuthorizationExtension } from './dpop/dpop-authorization-extension.js';
export { InvalidDpopProofError, UseDpopNonceError } from './dpop/dpop-errors.js';
export { createDpopGrantExtension } from './dpop/dpop-grant-extension.js';
export { createDpopNonces, type DpopNonces } from './dpop/dpop-nonces.js';
export {
  createDpopProofChecker,
  DPOP_NAMESPACE,
  type DpopProofChecker,
  type DpopProofCheckerSettings,
  type DpopTarget,
} from './dpop/dpop-proof-checker.js';
export {
  type DpopProofExpectations,
  DpopProofRejection,
  type VerifiedDpopProof,
  verifyDpopProof,
} from './dpop/verify-dpop-proof.js';
export type { Endpoint } from './endpoints/endpoint.js';
export {
  createIntrospectionEndpoint,
  type IntrospectionOptions,
} from './endpoints/introspection-endpoint.js';
export { createJwksEndpoint } from './endpoints/jwks-endpoint.js';
export { createMetadataEndpoint, METADATA_PATH } from './endpoints/metadata-endpoint.js';
export { createRevocationEndpoint } from './endpoints/revocation-endpoint.js';
export {
  createTokenEndpoint,
  readForm,
  refuseDuplicates,
  requireForm,
} from './endpoints/token-endpoint.js';
export {
  AccessDeniedError,
  InsufficientScopeError,
  InvalidClientError,
  InvalidGrantError,
  InvalidRequestError,
  InvalidScopeError,
  InvalidTargetError,
  InvalidTokenError,
  MethodNotAllowedError,
  ServerError,
  TemporarilyUnavailableError,
  UnauthorizedClientError,
  UnsupportedGrantTypeError,
  UnsupportedResponseTypeError,
  UnsupportedTokenTypeError,
} from './errors/errors.js';
export type { AuthorizationErrorRedirect } from './errors/oauth2-error.js';
export { OAuth2Error, type OAuth2ErrorOptions } from './errors/oauth2-error.js';
export {
  ServerEventEmitter,
  type ServerEventListener,
  type ServerEvents,
  type TokenRevocationReason,
} from './events/server-events.js';
export { createAuthorizationCodeGrant } from './grants/authorization-code-grant.js';
export type {
  AuthorizationExtension,
  AuthorizationInteraction,
} from './grants/authorization-extension.js';
export type {
  AuthorizationGrant,
  AuthorizationGrantContext,
  AuthorizationRequest,
} from './grants/authorization-grant.js';
export { createClientCredentialsGrant } from './grants/client-credentials-grant.js';
export { createCodeResponseType } from './grants/code-response-type.js';
export { createImplicitGrant } from './grants/implicit-grant.js';
export { type AuthenticateUser, createPasswordGrant } from './grants/password-grant.js';
export { isValidPkceValue, s256Challenge, verifyCodeChallenge } from './grants/pkce.js';
export { createRefreshTokenGrant } from './grants/refresh-token-grant.js';
export type {
  GrantExtension,
  GrantResult,
  GrantServices,
  RefreshTokenReplacement,
  SaveToken,
  SaveTokenRequest,
  TokenBinding,
  TokenGrant,
  TokenGrantContext,
  TokenResponseFields,
} from './grants/token-grant.js';
export { validateRequestedScope } from './grants/validate-scope.js';
export { escapeHtml } from './html/escape-html.js';
export type { Catalog, MessageKey } from './i18n/en.js';
export {
  builtInLocales,
  type MessageParams,
  parseAcceptLanguage,
  type TranslateHook,
  translate,
} from './i18n/translate.js';
export type { ResolvedAddress } from './jwks-fetch/check-addresses.js';
export {
  createJwksFetcher,
  type JwksFetcher,
  type JwksFetcherOptions,
} from './jwks-fetch/create-jwks-fetcher.js';
export type { ResolveHost } from './jwks-fetch/fetch-guarded-json.js';
export { isPublicAddress } from './jwks-fetch/is-public-address.js';
export { JwksFetchError, type JwksFetchErrorCode } from './jwks-fetch/jwks-fetch-error.js';
export {
  type GenerateSigningJwkOptions,
  generateSigningJwk,
} from './keys/generate-signing-jwk.js';
export {
  importSigningKey,
  type PemSigningKeyInput,
  type SigningKey,
  type SigningKeyInput,
} from './keys/import-signing-key.js';
export { type JwksResponseOptions, jwksResponse } from './keys/jwks-response.js';
export { PRIVATE_JWK_MEMBERS, publicJwk } from './keys/public-jwk.js';
export {
  isSigningAlgorithm,
  SIGNING_ALGORITHMS,
  type SigningAlgorithm,
} from './keys/signing-algorithm.js';
export {
  createSigningKeySet,
  isSigningKeySet,
  type SigningKeyInfo,
  type SigningKeySet,
  type SigningKeySetOptions,
  type SignJwtOptions,
  type VerifiedJwt,
  type VerifyJwtOptions,
} from './keys/signing-key-set.js';
export { type Client, type ClientAuthEndpoint, createClient } from './models/client.js';
export {
  type ClientJwks,
  type ClientMetadata,
  type LocalizedClientMetadata,
  type TokenEndpointAuthMethod,
  withMetadataDefaults,
} from './models/client-metadata.js';
export { redirectUriMatches, redirectUriProblem } from './models/redirect-uri.js';
export { isScopeSubset, isValidScope, listToScope, scopeToList } from './models/scope.js';
export { createToken, type Token } from './models/token.js';
export { type User, userFromId } from './models/user.js';
export { claimHash } from './oidc/claim-hash.js';
export {
  type ClaimRequest,
  type ClaimsParameterLimits,
  type ClaimsRequest,
  parseClaimsParameter,
} from './oidc/claims-parameter.js';
export type {
  FindClaims,
  FindClaimsContext,
  OpenIdConnectOptions,
} from './oidc/create-open-id-connect.js';
export { OPENID_CONFIGURATION_PATH } from './oidc/discovery-endpoint.js';
export {
  createEndSessionEndpoint,
  END_SESSION_ENDPOINT,
  type EndSessionContext,
  type EndSessionEndpointOptions,
  type EndSessionResult,
} from './oidc/end-session-endpoint.js';
export type { LogoutConfirmation } from './oidc/end-session-pages.js';
export {
  type CompletedInteraction,
  type EvaluatePromptInput,
  evaluatePrompt,
  PROMPT_VALUES,
  type PromptDecision,
  type PromptFacts,
  type PromptRequest,
  type PromptSession,
  type PromptValue,
  parseMaxAge,
  parsePrompt,
} from './oidc/evaluate-prompt.js';
export {
  buildIdTokenClaims,
  type IdTokenClaimsInput,
  PROTECTED_ID_TOKEN_CLAIMS,
} from './oidc/id-token-claims.js';
export {
  AccountSelectionRequiredError,
  ConsentRequiredError,
  InteractionRequiredError,
  LoginRequiredError,
  RequestNotSupportedError,
} from './oidc/oidc-errors.js';
export type { OpenIdAuthorization } from './oidc/open-id-authorization.js';
export type { EndSessionParameters } from './oidc/read-end-session-request.js';
export {
  pickClaims,
  type RequestedClaims,
  type RequestedClaimsInput,
  requestedClaims,
} from './oidc/requested-claims.js';
export { claimsForScopes, SCOPE_CLAIMS } from './oidc/scope-claims.js';
export { type SectorIdentifierInput, sectorIdentifier } from './oidc/sector-identifier.js';
export { signIdToken } from './oidc/sign-id-token.js';
export {
  type SubjectIdentifierInput,
  type SubjectType,
  subjectIdentifier,
} from './oidc/subject-identifier.js';
export { InvalidRequestUriError } from './par/invalid-request-uri-error.js';
export {
  createPushedAuthorizationEndpoint,
  PUSHED_AUTHORIZATION_REQUEST_PATH,
} from './par/pushed-authorization-endpoint.js';
export { REQUEST_URI_PREFIX } from './par/request-uri.js';
export {
  createMemoryRateLimiter,
  type MemoryRateLimiterOptions,
} from './rate-limit/memory-rate-limiter.js';
export {
  createRateLimitedTokenEndpoint,
  RateLimitedError,
  type TokenRateLimitOptions,
  withClientAuthRateLimit,
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
export { clientMetadataToJson } from './registration/client-metadata-wire.js';
export { createClientRegistrationEndpoint } from './registration/client-registration-endpoint.js';
export {
  type CreateInitialAccessTokenOptions,
  createInitialAccessToken,
  type InitialAccessToken,
} from './registration/initial-access-token.js';
export {
  InvalidClientMetadataError,
  InvalidRedirectUriError,
  InvalidSoftwareStatementError,
  UnapprovedSoftwareStatementError,
} from './registration/registration-errors.js';
export { REGISTRATION_LIMITS } from './registration/registration-limits.js';
export type {
  ClientRegistrationOptions,
  RegistrationPolicyContext,
} from './registration/registration-options.js';
export {
  type ClientMetadataRules,
  validateClientMetadata,
} from './registration/validate-client-metadata.js';
export type { OAuth2Request } from './request/oauth2-request.js';
export { Params } from './request/params.js';
export {
  type BearerTokenValidator,
  type BearerTokenValidatorOptions,
  createBearerTokenValidator,
  MissingTokenError,
} from './resource/bearer-token-validator.js';
export {
  createJwtBearerValidator,
  type JwtAccessToken,
  type JwtBearerValidatorOptions,
} from './resource/jwt-bearer-validator.js';
export {
  type ProtectOptions,
  type ProtectResult,
  ResourceProtector,
  type ResourceProtectorOptions,
} from './resource/resource-protector.js';
export {
  jsonResponse,
  NO_STORE,
  type OAuth2Response,
  redirectResponse,
} from './response/oauth2-response.js';
export {
  AuthorizationServer,
  type AuthorizationServerOptions,
  createAuthorizationServer,
} from './server/authorization-server.js';
export type { GrantContextServices, RegisteredGrant } from './server/server-internals.js';
export {
  EXPIRED_RECORD_CLEANUP_INTERVAL_SECONDS,
  type ExpiredRecordCleanupOptions,
  type ExpiredRecordCleanupResult,
  type ExpiredRecordStoreName,
  type ExpiredRecordStores,
  startExpiredRecordCleanup,
} from './server/start-expired-record-cleanup.js';
export type {
  AuthorizationCodeRecord,
  AuthorizationCodeStore,
  ConsumeCodeResult,
} from './stores/authorization-code-store.js';
export {
  type ClientCacheOptions,
  createCachedClientStore,
} from './stores/cached-client-store.js';
export type { ClientRecord, ClientStore } from './stores/client-store.js';
export type {
  DecideDeviceCodeResult,
  DeviceCodeDecision,
  DeviceCodeRecord,
  DeviceCodeStatus,
  DeviceCodeStore,
  PollDeviceCodeResult,
  RedeemDeviceCodeResult,
} from './stores/device-code-store.js';
export type {
  PushedRequestRecord,
  PushedRequestStore,
} from './stores/pushed-request-store.js';
export type { RecordExtensions } from './stores/record-extensions.js';
export { checkReplayArguments, type ReplayStore } from './stores/replay-store.js';
export type { StoreName, Stores } from './stores/stores.js';
export type { TokenRecord, TokenStore } from './stores/token-store.js';
export { JWT_ACCESS_TOKEN_TYP } from './tokens/access-token-generator.js';
export {
  createBearerTokenGenerator,
  type TokenGenerator,
  type TokenGeneratorInput,
} from './tokens/bearer-token-generator.js';
export type { IssuedToken } from './tokens/issued-token.js';
export { saveTokenFromStore } from './tokens/save-token-from-store.js';
export type {
  AccessTokenGeneratorOption,
  TokenValueGenerator,
} from './tokens/token-generator-option.js';
export { tokenRecordFor } from './tokens/token-record-for.js';
export {
  createFetchHandler,
  type FetchHandler,
  type FetchHandlerOptions,
} from './web/fetch-handler.js';
