import {
  type PageResponse,
  PROTECTED_PATH,
  PROTECTED_SCOPE,
  runHttpSuite,
  USER_HEADER,
} from '@oauthkit/http-tests';
import Fastify, { type FastifyReply } from 'fastify';
import { createFastifyPlugin } from './fastify-plugin.js';

const write = (reply: FastifyReply, page: PageResponse) =>
  reply.code(page.status).headers(page.headers).send(page.body);

runHttpSuite({
  name: 'fastify',
  async start(fixture) {
    const oauth = createFastifyPlugin(fixture.server, {
      getUser: (request) => fixture.userFrom(request.headers[USER_HEADER]),
      login: (_request, reply) => write(reply, fixture.loginPage()),
      renderConsent: (_request, reply, authorization, user) =>
        write(reply, fixture.consentPage(authorization, user)),
      getConsent: (_request, form) => fixture.consentGiven(form),
    });
    const app = Fastify();
    await app.register(oauth);
    app.get(
      PROTECTED_PATH,
      { preHandler: oauth.requireScopes(PROTECTED_SCOPE) },
      (request, reply) => write(reply, fixture.protectedBody(request.oauth!.token)),
    );
    const address = await app.listen({ port: 0, host: '127.0.0.1' });
    return { baseUrl: address, close: () => app.close() };
  },
});
