import * as core from '@oauthkit/core';
import { createMemoryStores } from '@oauthkit/core/testing';
import { createFastifyPlugin } from '@oauthkit/fastify';
import Fastify from 'fastify';

const port = Number(process.env.PORT ?? 3000);
const issuer = `http://127.0.0.1:${port}`;

// Memory stores for the example; in production, one of the store packages.
const stores = createMemoryStores();
await stores.clients.saveClient({
  clientId: 'reporting-job', // a confidential client acting for itself
  clientSecretDigest: core.digestSecret(process.env.REPORTING_JOB_SECRET ?? 'change-me'),
  clientIdIssuedAt: new Date(),
  clientSecretExpiresAt: null,
  metadata: core.withMetadataDefaults({ grantTypes: ['client_credentials'], scope: 'reports' }),
});
await stores.clients.saveClient({
  clientId: 'web-app', // a public client (a single-page or native app): PKCE, no secret
  clientSecretDigest: null,
  clientIdIssuedAt: new Date(),
  clientSecretExpiresAt: null,
  metadata: core.withMetadataDefaults({
    redirectUris: ['http://127.0.0.1:8080/callback'],
    scope: 'profile',
    tokenEndpointAuthMethod: 'none',
  }),
});

const server = core.createAuthorizationServer({ ...stores, config: { issuer } });
const oauth = createFastifyPlugin(server, {
  getUser: (request) => {
    const id = /\buser=(\w+)/.exec(request.headers.cookie ?? '')?.[1]; // your session here
    return id ? core.userFromId(id) : null;
  },
  login: (_request, reply) => reply.redirect('/login'),
  renderConsent: (_request, reply, { client, scope }) =>
    reply.type('text/html').send(`<form method="post">
      Let ${client.clientId} use ${scope}? <button name="consent" value="allow">Allow</button>
      <button name="consent" value="deny">Deny</button></form>`),
  getConsent: (_request, form) => form.get('consent') === 'allow', // and check your CSRF token
});

const app = Fastify();
await app.register(oauth); // at the root: the plugin serves the paths of server.config
app.get('/api/me', { preHandler: oauth.requireScopes('profile') }, async (request) => ({
  sub: request.oauth?.token.getUserId(),
}));
await app.listen({ port, host: '127.0.0.1' });
console.log(`listening on ${issuer}`);
