export {
  createFastifyPlugin,
  type FastifyPluginOptions,
  type OAuthFastifyPlugin,
} from './fastify-plugin.js';
export { createRequireScopes } from './require-scopes.js';
export { sendReply } from './send-reply.js';
