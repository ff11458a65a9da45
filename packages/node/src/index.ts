export { createScopeGuard } from './create-scope-guard.js';
export { createNodeHandler, type NodeHandler, type NodeHandlerOptions } from './node-handler.js';
export { type RequestBody, readRequestBody } from './read-request-body.js';
export { sendResponse } from './send-response.js';
export { type BodyInput, toOAuth2Request } from './to-oauth2-request.js';
