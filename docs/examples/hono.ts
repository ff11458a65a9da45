import { serve } from '@hono/node-server';
import * as core from '@oauthkit/core';
import { createMemoryStores } from '@oauthkit/core/testing';
import { Hono } from 'hono';

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
const page = (html: string) => new Response(html, { headers: { 'Content-Type': 'text/html' } });
// One (Request) => Promise<Response>: the same handler runs on Hono, Next.js, Bun or Deno.
const oauth = core.createFetchHandler(server, {
  getUser: (request) => {
    const id = /\buser=(\w+)/.exec(request.headers.get('cookie') ?? '')?.[1]; // your session
    return id ? core.userFromId(id) : null;
  },
  login: () => new Response(null, { status: 302, headers: { Location: '/login' } }),
  renderConsent: (_request, { client, scope }) =>
    page(`<form method="post">
      Let ${client.clientId} use ${scope}? <button name="consent" value="allow">Allow</button>
      <button name="consent" value="deny">Deny</button></form>`),
  getConsent: async (request) => (await request.formData()).get('consent') === 'allow', // + CSRF
});

const me = oauth.protect(['profile'], (_request, token) =>
  Response.json({ sub: token.getUserId() }),
);
const app = new Hono();
app.get('/api/me', (c) => me(c.req.raw));
app.all('*', (c) => oauth(c.req.raw)); // a path that is no endpoint answers 404
serve({ fetch: app.fetch, port, hostname: '127.0.0.1' }, () =>
  console.log(`listening on ${issuer}`),
);
