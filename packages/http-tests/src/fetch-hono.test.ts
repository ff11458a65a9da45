import type { Server } from 'node:http';
import { createAdaptorServer } from '@hono/node-server';
import { createFetchHandler } from '@oauthkit/core';
import { Hono } from 'hono';
import {
  JWT_PROTECTED_PATH,
  type PageResponse,
  PROTECTED_PATH,
  PROTECTED_SCOPE,
  USER_HEADER,
} from './index.js';
import { listenOnLoopback } from './listen-on-loopback.js';
import { runHttpSuite } from './run-http-suite.js';

const toResponse = (page: PageResponse) =>
  new Response(page.body, { status: page.status, headers: page.headers });

runHttpSuite({
  name: 'fetch (hono + @hono/node-server)',
  async start(fixture) {
    const oauth = createFetchHandler(fixture.server, {
      getUser: (request) => fixture.userFrom(request.headers.get(USER_HEADER)),
      login: () => toResponse(fixture.loginPage()),
      renderConsent: (_request, authorization, user) =>
        toResponse(fixture.consentPage(authorization, user)),
      // Reads the body itself: the handler must have left it readable.
      getConsent: async (request) => fixture.consentGiven(await request.formData()),
    });
    const me = oauth.protect([PROTECTED_SCOPE], (_request, token) =>
      toResponse(fixture.protectedBody(token)),
    );
    const jwtMe = createFetchHandler(fixture.server, {
      bearerValidator: fixture.jwtValidator,
    }).protect([PROTECTED_SCOPE], (_request, token) => toResponse(fixture.protectedBody(token)));
    const app = new Hono();
    app.get(PROTECTED_PATH, (c) => me(c.req.raw));
    app.get(JWT_PROTECTED_PATH, (c) => jwtMe(c.req.raw));
    app.all('/oauth/*', (c) => oauth(c.req.raw));
    app.all('/.well-known/*', (c) => oauth(c.req.raw));
    return listenOnLoopback(createAdaptorServer({ fetch: app.fetch }) as Server);
  },
});
