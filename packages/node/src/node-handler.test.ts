import { createServer, type ServerResponse } from 'node:http';
import {
  listenOnLoopback,
  type PageResponse,
  PROTECTED_PATH,
  PROTECTED_SCOPE,
  runHttpSuite,
  USER_HEADER,
} from '@oauthkit/http-tests';
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
    const server = createServer(async (req, res) => {
      if (await oauth(req, res)) return;
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
