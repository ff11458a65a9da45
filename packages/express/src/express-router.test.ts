import { createServer } from 'node:http';
import {
  listenOnLoopback,
  type PageResponse,
  PROTECTED_PATH,
  PROTECTED_SCOPE,
  runHttpSuite,
  USER_HEADER,
} from '@oauthkit/http-tests';
import express, { type RequestHandler, type Response } from 'express';
import { createExpressRouter } from './express-router.js';

const write = (res: Response, page: PageResponse) => {
  res.status(page.status).set(page.headers).send(page.body);
};

/** The same app, with whatever body parsers an app may have put before the router. */
function suite(name: string, parsers: RequestHandler[]) {
  runHttpSuite({
    name,
    async start(fixture) {
      const oauth = createExpressRouter(fixture.server, {
        getUser: (req) => fixture.userFrom(req.headers[USER_HEADER]),
        login: (_req, res) => write(res, fixture.loginPage()),
        renderConsent: (_req, res, authorization, user) =>
          write(res, fixture.consentPage(authorization, user)),
        getConsent: (_req, form) => fixture.consentGiven(form),
      });
      const app = express();
      for (const parser of parsers) app.use(parser);
      app.use(oauth);
      app.get(PROTECTED_PATH, oauth.requireScopes(PROTECTED_SCOPE), (_req, res) =>
        write(res, fixture.protectedBody(res.locals.oauth.token)),
      );
      return listenOnLoopback(createServer(app));
    },
  });
}

suite('express (no body parser)', []);
suite('express (urlencoded, simple parser)', [express.urlencoded({ extended: false })]);
suite('express (urlencoded extended + json)', [
  express.urlencoded({ extended: true }),
  express.json(),
]);
