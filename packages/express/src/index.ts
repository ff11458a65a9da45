export {
  createExpressRouter,
  type ExpressRouter,
  type ExpressRouterOptions,
} from './express-router.js';
export { createRequireScopes } from './require-scopes.js';
