import {
  basic,
  createHttpFixture,
  JWT_PROTECTED_PATH,
  type PageResponse,
  PROTECTED_PATH,
  PROTECTED_SCOPE,
  postForm,
  runHttpSuite,
  send,
  USER_HEADER,
} from '@oauthkit/http-tests';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { createFastifyPlugin } from './fastify-plugin.js';
import { createRequireScopes } from './require-scopes.js';

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
    const requireJwtScopes = createRequireScopes(fixture.server, {
      bearerValidator: fixture.jwtValidator,
    });
    app.get(
      JWT_PROTECTED_PATH,
      { preHandler: requireJwtScopes(PROTECTED_SCOPE) },
      (request, reply) => write(reply, fixture.protectedBody(request.oauth!.token)),
    );
    const address = await app.listen({ port: 0, host: '127.0.0.1' });
    return { baseUrl: address, close: () => app.close() };
  },
});

describe('createFastifyPlugin in an app', () => {
  let app: FastifyInstance | null = null;
  afterEach(async () => {
    await app?.close();
    app = null;
  });

  it("keeps its raw body parser to itself: the app's routes still parse JSON", async () => {
    const fixture = await createHttpFixture();
    app = Fastify();
    await app.register(createFastifyPlugin(fixture.server));
    app.post('/echo', async (request) => ({ got: request.body, oauth: request.oauth }));
    const baseUrl = await app.listen({ port: 0, host: '127.0.0.1' });
    const echo = await send(`${baseUrl}/echo`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ a: [1, 2] }),
    });
    expect(await echo.json()).toEqual({ got: { a: [1, 2] }, oauth: null });
    const { clientId, secret } = fixture.confidential;
    const token = await postForm(
      `${baseUrl}/oauth/token`,
      { grant_type: 'client_credentials' },
      { Authorization: basic(clientId, secret) },
    );
    expect(token.status).toBe(200);
  });

  it('refuses to register under a prefix that the endpoint paths are not below', async () => {
    app = Fastify();
    const plugin = createFastifyPlugin((await createHttpFixture()).server);
    const registering = app.register(
      async (child) => {
        await child.register(plugin);
      },
      { prefix: '/api' },
    );
    await expect(registering).rejects.toThrow(/outside the prefix \/api/);
  });

  it('serves the endpoints when registered inside their own prefix', async () => {
    const fixture = await createHttpFixture();
    app = Fastify();
    await app.register(
      async (child) => {
        await child.register(createFastifyPlugin(fixture.server));
      },
      { prefix: '/oauth' },
    );
    const baseUrl = await app.listen({ port: 0, host: '127.0.0.1' });
    expect((await send(`${baseUrl}/oauth/token`)).status).toBe(405);
    expect((await send(`${baseUrl}/.well-known/oauth-authorization-server/oauth`)).status).toBe(
      404,
    );
    expect((await send(`${baseUrl}/oauth/.well-known/oauth-authorization-server`)).status).toBe(
      200,
    );
  });
});
