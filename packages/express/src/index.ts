export {
  createExpressRouter,
  type ExpressRouter,
  type ExpressRouterOptions,
} from './express-router.js';
export type { OAuthLocals, ProtectedRequestHandler } from './oauth-locals.js';
export { createRequireScopes } from './require-scopes.js';
