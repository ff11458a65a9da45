import { createServer } from 'node:http';
import ExpressOAuthServer from '@node-oauth/express-oauth-server';
import express from 'express';
import { SCOPE } from '../fixtures.js';
import type { BenchServer } from './bench-server.js';
import { ACCESS_TOKEN_LIFETIME, createNodeOAuth2Model } from './node-oauth2-model.js';

/**
 * @node-oauth/express-oauth-server 4 (over oauth2-server 5) in Express 5, set up as its
 * README does: `express.urlencoded()` before `oauth.token()`.
 */
export function createNodeOAuth2ExpressServer(): BenchServer {
  const { model, seedCodes } = createNodeOAuth2Model();
  const oauth = new ExpressOAuthServer({
    model: model as never,
    accessTokenLifetime: ACCESS_TOKEN_LIFETIME,
  });
  const app = express();
  app.post('/token', express.urlencoded({ extended: false }), oauth.token());
  app.get('/resource', oauth.authenticate({ scope: [SCOPE] }), (_req, res) => {
    const { token } = res.locals.oauth;
    res.json({ client_id: token.client.id, scope: token.scope.join(' ') });
  });
  return {
    http: createServer(app),
    routes: { token: '/token', resource: '/resource' },
    seedCodes,
    close: async () => {},
  };
}
