/**
 * `@oauthkit/core/binding`: what a framework binding is built from. Applications use the
 * bindings (`@oauthkit/express`, `@oauthkit/fastify`, `@oauthkit/node`, `createFetchHandler`)
 * and never need these.
 */
export {
  createOAuth2Request,
  isFormContentType,
  type OAuth2RequestInit,
} from './request/create-oauth2-request.js';
export { fromWebRequest } from './request/from-web-request.js';
export type { BodyProblem, HeaderReader } from './request/oauth2-request.js';
export { toWebResponse } from './response/oauth2-response.js';
export {
  type BindingAuthorizationHooks,
  type BoundAuthorizationHooks,
  bindAuthorizationHooks,
  hasAuthorizationHooks,
} from './web/authorization-hooks.js';
export {
  createEndpointRouter,
  type EndpointName,
  type EndpointRouterOptions,
  endpointPaths,
} from './web/endpoint-router.js';
export { readLimited } from './web/read-limited.js';
export { type EndpointOutcome, serveEndpoint } from './web/serve-endpoint.js';
