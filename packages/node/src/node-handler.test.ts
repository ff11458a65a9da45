import { createServer, type ServerResponse } from 'node:http';
import {
  createHttpFixture,
  JWT_PROTECTED_PATH,
  listenOnLoopback,
  type PageResponse,
  PROTECTED_PATH,
  PROTECTED_SCOPE,
  type RunningServer,
  runHttpSuite,
  send,
  USER_HEADER,
} from '@oauthkit/http-tests';
import { afterEach, describe, expect, it } from 'vitest';
import { createNodeHandler } from './node-handler.js';

const write = (res: ServerResponse, page: PageResponse) => {
  res.writeHead(page.status, page.headers);
  res.end(page.body);
};

runHttpSuite({
  name: 'node:http',
  async start(fixture) {
    const oauth = createNodeHandler(fixture.server, {
      getUser: (req) => fixture.userFrom(req.headers[USER_HEADER]),
      login: (_req, res) => write(res, fixture.loginPage()),
      renderConsent: (_req, res, authorization, user) =>
        write(res, fixture.consentPage(authorization, user)),
      getConsent: (_req, form) => fixture.consentGiven(form),
    });
    const jwtOauth = createNodeHandler(fixture.server, { bearerValidator: fixture.jwtValidator });
    const server = createServer(async (req, res) => {
      if (await oauth(req, res)) return;
      if (req.url === JWT_PROTECTED_PATH) {
        const token = await jwtOauth.protect(req, res, [PROTECTED_SCOPE]);
        if (token) write(res, fixture.protectedBody(token));
        return;
      }
      if (req.url === PROTECTED_PATH) {
        const token = await oauth.protect(req, res, [PROTECTED_SCOPE]);
        if (token) write(res, fixture.protectedBody(token));
        return;
      }
      write(res, { status: 404, headers: {}, body: 'not found' });
    });
    return listenOnLoopback(server);
  },
});

describe('createNodeHandler', () => {
  let running: RunningServer | null = null;
  afterEach(async () => {
    await running?.close();
    running = null;
  });

  it('resolves false, untouched, off its paths and at the authorization path without hooks', async () => {
    const fixture = await createHttpFixture();
    const oauth = createNodeHandler(fixture.server);
    const handled: boolean[] = [];
    running = await listenOnLoopback(
      createServer(async (req, res) => {
        const result = await oauth(req, res);
        handled.push(result);
        if (!result) write(res, { status: 418, headers: {}, body: 'app' });
      }),
    );
    expect((await send(`${running.baseUrl}/elsewhere`)).status).toBe(418);
    expect((await send(`${running.baseUrl}/oauth/authorize?client_id=public-app`)).status).toBe(
      418,
    );
    expect((await send(`${running.baseUrl}/oauth/token`)).status).toBe(405);
    expect(handled).toEqual([false, false, true]);
  });

  it('answers 500 and reports when an app hook throws', async () => {
    const fixture = await createHttpFixture();
    const failing = new Error('session store down');
    const reported: unknown[] = [];
    const oauth = createNodeHandler(fixture.server, {
      getUser: () => {
        throw failing;
      },
      login: () => {},
      renderConsent: () => {},
      getConsent: () => false,
      onError: (error) => reported.push(error),
    });
    running = await listenOnLoopback(createServer((req, res) => void oauth(req, res)));
    const response = await send(`${running.baseUrl}/oauth/authorize?client_id=public-app`);
    expect(response.status).toBe(500);
    expect(await response.text()).not.toContain('session store');
    expect(reported).toEqual([failing]);
  });

  it('refuses a partial set of hooks at construction', async () => {
    const { server } = await createHttpFixture();
    expect(() => createNodeHandler(server, { getUser: () => null, login: () => {} })).toThrow(
      /renderConsent, getConsent/,
    );
  });
});
