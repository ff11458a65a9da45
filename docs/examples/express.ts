import * as core from '@oauthkit/core';
import { createMemoryStores } from '@oauthkit/core/testing';
import { createExpressRouter } from '@oauthkit/express';
import express from 'express';

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
const oauth = createExpressRouter(server, {
  getUser: (req) => {
    const id = /\buser=(\w+)/.exec(req.headers.cookie ?? '')?.[1]; // your session here
    return id ? core.userFromId(id) : null;
  },
  login: (_req, res) => res.redirect('/login'),
  renderConsent: (_req, res, { client, scope }) =>
    void res.send(`<form method="post">
      Let ${client.clientId} use ${scope}? <button name="consent" value="allow">Allow</button>
      <button name="consent" value="deny">Deny</button></form>`),
  getConsent: (_req, form) => form.get('consent') === 'allow', // and check your CSRF token
});

const app = express();
app.use(oauth); // the OAuth endpoints; every other request goes on to your routes
app.get('/api/me', oauth.requireScopes('profile'), (_req, res) => {
  res.json({ sub: res.locals.oauth.token.getUserId() });
});
app.listen(port, '127.0.0.1', () => console.log(`listening on ${issuer}`));
