import { createServer } from 'node:http';
import {
  basic,
  createHttpFixture,
  JWT_PROTECTED_PATH,
  listenOnLoopback,
  type PageResponse,
  PROTECTED_PATH,
  PROTECTED_SCOPE,
  postForm,
  type RunningServer,
  runHttpSuite,
  send,
  USER_HEADER,
} from '@oauthkit/http-tests';
import express, {
  type NextFunction,
  type Request,
  type RequestHandler,
  type Response,
} from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { createExpressRouter } from './express-router.js';
import { createRequireScopes } from './require-scopes.js';

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
      const requireJwtScopes = createRequireScopes(fixture.server, {
        bearerValidator: fixture.jwtValidator,
      });
      app.get(JWT_PROTECTED_PATH, requireJwtScopes(PROTECTED_SCOPE), (_req, res) =>
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

describe('createExpressRouter in an app', () => {
  let running: RunningServer | null = null;
  afterEach(async () => {
    await running?.close();
    running = null;
  });

  it('works mounted on a sub-path and leaves the authorization path alone without hooks', async () => {
    const fixture = await createHttpFixture();
    const app = express();
    app.use('/oauth', createExpressRouter(fixture.server));
    app.use((_req, res) => {
      res.status(404).send('app 404');
    });
    running = await listenOnLoopback(createServer(app));
    const { clientId, secret } = fixture.confidential;
    const token = await postForm(
      `${running.baseUrl}/oauth/token`,
      { grant_type: 'client_credentials' },
      { Authorization: basic(clientId, secret) },
    );
    expect(token.status).toBe(200);
    const authorize = await send(`${running.baseUrl}/oauth/authorize?client_id=${clientId}`);
    expect(authorize.status).toBe(404);
    expect(await authorize.text()).toBe('app 404');
  });

  it("hands a hook's error to the app's error handler", async () => {
    const fixture = await createHttpFixture();
    const failing = new Error('session store down');
    const seen: unknown[] = [];
    const app = express();
    app.use(
      createExpressRouter(fixture.server, {
        getUser: () => Promise.reject(failing),
        login: () => {},
        renderConsent: () => {},
        getConsent: () => false,
      }),
    );
    app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
      seen.push(error);
      res.status(503).send('try later');
    });
    running = await listenOnLoopback(createServer(app));
    const response = await send(`${running.baseUrl}/oauth/authorize?client_id=public-app`);
    expect(response.status).toBe(503);
    expect(seen).toEqual([failing]);
  });

  it('refuses scope names that are not strings at setup', async () => {
    const oauth = createExpressRouter((await createHttpFixture()).server);
    expect(() => oauth.requireScopes('')).toThrow(TypeError);
    expect(() => oauth.requireScopes(42 as never)).toThrow(/scope names/);
  });
});
