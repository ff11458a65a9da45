import { existsSync, readFileSync } from 'node:fs';
import { defineConfig } from 'vitepress';

// Written by TypeDoc (typedoc-vitepress-theme) before the site is built.
const apiSidebarFile = new URL('../api/typedoc-sidebar.json', import.meta.url);
const apiSidebar = existsSync(apiSidebarFile)
  ? JSON.parse(readFileSync(apiSidebarFile, 'utf8'))
  : [];

export default defineConfig({
  title: 'oauthkit',
  description: 'An OAuth 2.0 authorization-server toolkit for TypeScript',
  cleanUrls: true,
  // Broken internal links fail the build: VitePress checks them unless this is turned on.
  ignoreDeadLinks: false,
  srcExclude: ['**/node_modules/**', 'examples/**', 'test/**', 'scripts/**'],
  themeConfig: {
    search: { provider: 'local' },
    nav: [
      { text: 'Guide', link: '/guide/concepts' },
      { text: 'Configuration', link: '/reference/configuration' },
      { text: 'API', link: '/api/' },
    ],
    sidebar: {
      '/api/': [{ text: 'API reference', link: '/api/' }, ...apiSidebar],
      '/': [
        {
          text: 'Introduction',
          items: [
            { text: 'What oauthkit is', link: '/' },
            { text: 'Concepts', link: '/guide/concepts' },
            { text: 'Status: what is not there yet', link: '/guide/status' },
          ],
        },
        {
          text: 'Getting started',
          items: [
            { text: 'node:http', link: '/getting-started/node-http' },
            { text: 'Express', link: '/getting-started/express' },
            { text: 'Fastify', link: '/getting-started/fastify' },
            { text: 'Hono and the Fetch API', link: '/getting-started/hono' },
          ],
        },
        {
          text: 'Stores',
          items: [
            { text: 'Choosing a store', link: '/stores/' },
            { text: 'Prisma', link: '/stores/prisma' },
            { text: 'Drizzle', link: '/stores/drizzle' },
            { text: 'Redis', link: '/stores/redis' },
            { text: 'Mongoose', link: '/stores/mongoose' },
          ],
        },
        {
          text: 'The server',
          items: [
            { text: 'Grants', link: '/server/grants' },
            { text: 'Device authorization', link: '/server/device-authorization' },
            { text: 'Dynamic client registration', link: '/server/dynamic-registration' },
            {
              text: 'Pushed authorization requests and FAPI 2.0',
              link: '/server/pushed-authorization-requests',
            },
            { text: 'Endpoints', link: '/server/endpoints' },
            { text: 'Client authentication', link: '/server/client-authentication' },
            { text: 'OpenID Connect', link: '/server/openid-connect' },
            { text: 'Extending the server', link: '/server/extending' },
            { text: 'Errors', link: '/server/errors' },
            { text: 'Events', link: '/server/events' },
            { text: 'CORS', link: '/server/cors' },
            { text: 'JWT access tokens and resources', link: '/server/jwt-access-tokens' },
            { text: 'DPoP: sender-constrained tokens', link: '/server/dpop' },
          ],
        },
        {
          text: 'Operating',
          items: [
            { text: 'Security model', link: '/security' },
            { text: 'Deployment', link: '/deployment' },
          ],
        },
        {
          text: 'Coming from',
          items: [
            { text: '@node-oauth/oauth2-server', link: '/migrating/node-oauth2-server' },
            { text: 'oidc-provider', link: '/migrating/oidc-provider' },
          ],
        },
        {
          text: 'Reference',
          items: [
            { text: 'Configuration', link: '/reference/configuration' },
            { text: 'API', link: '/api/' },
          ],
        },
      ],
    },
  },
});
