import type { BenchServer } from './bench-server.js';

/**
 * Starts the server of `id` (see `catalog.ts`). Imports are lazy, so that each child
 * process loads only its own library and its RSS is that library's.
 */
export async function startServer(id: string, env: NodeJS.ProcessEnv): Promise<BenchServer> {
  switch (id) {
    case 'bare':
    case 'bare-store': {
      const { createBareServer } = await import('./bare-server.js');
      return createBareServer({ storeTokens: id === 'bare-store' });
    }
    case 'nos-http': {
      const { createNodeOAuth2HttpServer } = await import('./node-oauth2-http-server.js');
      return createNodeOAuth2HttpServer();
    }
    case 'nos-express': {
      const { createNodeOAuth2ExpressServer } = await import('./node-oauth2-express-server.js');
      return createNodeOAuth2ExpressServer();
    }
    case 'oidc-provider': {
      const { createOidcProviderServer } = await import('./oidc-provider-server.js');
      return createOidcProviderServer();
    }
    case 'kit-memory':
    case 'kit-express-memory':
    case 'kit-redis':
    case 'kit-prisma':
    case 'kit-drizzle': {
      const { createOauthkitServer } = await import('./oauthkit-server.js');
      const binding = id === 'kit-express-memory' ? 'express' : 'node';
      const store = id === 'kit-express-memory' ? 'memory' : id.slice('kit-'.length);
      return createOauthkitServer(binding, store as 'memory', env);
    }
    default:
      throw new TypeError(`unknown server ${id}`);
  }
}
