import { describe, expect, it } from 'vitest';
import { digestSecret } from '../crypto/digest.js';
import { generateToken } from '../crypto/generate-token.js';
import { s256Challenge } from '../grants/pkce.js';
import { userFromId } from '../models/user.js';
import { createAuthorizationServer } from '../server/authorization-server.js';
import { createMemoryStores } from '../stores/memory-stores.js';
import { createFetchHandler, type FetchHandlerOptions } from './fetch-handler.js';

const ISSUER = 'https://as.example';
const CALLBACK = 'https://app.example/cb';

async function setup(options: FetchHandlerOptions = {}) {
  const stores = createMemoryStores();
  const server = createAuthorizationServer({ ...stores, config: { issuer: ISSUER } });
  const secret = generateToken();
  await stores.clients.saveClient({
    clientId: 'app',
    clientSecretDigest: digestSecret(secret),
    clientIdIssuedAt: new Date(),
    clientSecretExpiresAt: null,
    metadata: {
      redirectUris: [CALLBACK],
      grantTypes: ['authorization_code', 'client_credentials'],
      responseTypes: ['code'],
      scope: 'read',
      tokenEndpointAuthMethod: 'client_secret_basic',
    },
  });
  const basic = `Basic ${Buffer.from(`app:${secret}`).toString('base64')}`;
  return { server, stores, basic, handler: createFetchHandler(server, options) };
}

const form = (url: string, body: string, headers: Record<string, string> = {}) =>
  new Request(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
    body,
  });

const consentHooks = (seen: string[]): FetchHandlerOptions => ({
  getUser: () => userFromId('alice'),
  login: () => new Response('login', { status: 401 }),
  renderConsent: () => new Response('consent'),
  getConsent: async (request, parsed) => {
    const fields = await request.formData();
    seen.push(String(fields.get('consent')), String(parsed.get('consent')));
    return fields.get('consent') === 'allow';
  },
});

describe('createFetchHandler', () => {
  it('answers 404 off the endpoint paths, and at the authorization path without hooks', async () => {
    const { handler } = await setup();
    expect((await handler(new Request(`${ISSUER}/elsewhere`))).status).toBe(404);
    expect((await handler(new Request(`${ISSUER}/authorize?client_id=app`))).status).toBe(404);
    expect(
      (await handler(new Request(`${ISSUER}/.well-known/oauth-authorization-server`))).status,
    ).toBe(200);
  });

  it('refuses a partial set of hooks at construction', async () => {
    const { server } = await setup();
    expect(() => createFetchHandler(server, { getUser: () => null })).toThrow(TypeError);
    expect(() => createFetchHandler(server, { ...consentHooks([]), login: 'x' as never })).toThrow(
      /login/,
    );
  });

  it('gives the app and the core the same POST body: the decision and the request both count', async () => {
    const seen: string[] = [];
    const { handler } = await setup(consentHooks(seen));
    const params = new URLSearchParams({
      response_type: 'code',
      client_id: 'app',
      redirect_uri: CALLBACK,
      state: 'xyz',
      code_challenge: s256Challenge(generateToken()),
      code_challenge_method: 'S256',
      consent: 'allow',
    });
    const response = await handler(form(`${ISSUER}/authorize`, params.toString()));
    expect(seen).toEqual(['allow', 'allow']);
    expect(response.status).toBe(302);
    const redirect = new URL(response.headers.get('location') ?? '');
    expect(redirect.searchParams.get('code')).toMatch(/^[\w-]{43}$/);
    expect(redirect.searchParams.get('state')).toBe('xyz');
  });

  it('closes the connection after refusing an oversized body', async () => {
    const { handler, basic } = await setup();
    const big = `grant_type=client_credentials&pad=${'x'.repeat(20_000)}`;
    const response = await handler(form(`${ISSUER}/token`, big, { Authorization: basic }));
    expect(response.status).toBe(413);
    expect(response.headers.get('connection')).toBe('close');
    const small = await handler(
      form(`${ISSUER}/token`, 'grant_type=client_credentials', { Authorization: basic }),
    );
    expect(small.status).toBe(200);
    expect(small.headers.get('connection')).toBeNull();
  });

  it('lets a hook error reach the caller', async () => {
    const failing = new Error('session store down');
    const { handler } = await setup({
      ...consentHooks([]),
      getUser: () => {
        throw failing;
      },
    });
    await expect(handler(new Request(`${ISSUER}/authorize?client_id=app`))).rejects.toBe(failing);
  });
});

describe('FetchHandler.protect', () => {
  it('passes the token and extra arguments through, leaving the body to the route', async () => {
    const { handler, basic } = await setup();
    const issued = await handler(
      form(`${ISSUER}/token`, 'grant_type=client_credentials&scope=read', { Authorization: basic }),
    );
    const { access_token } = (await issued.json()) as { access_token: string };
    const route = handler.protect(['read'], async (request, token, context: { id: string }) =>
      Response.json({ client: token.getClientId(), body: await request.text(), id: context.id }),
    );
    const request = form(`${ISSUER}/api`, 'a=1', { Authorization: `Bearer ${access_token}` });
    const response = await route(request, { id: '7' });
    expect(await response.json()).toEqual({ client: 'app', body: 'a=1', id: '7' });
    const denied = await handler.protect(
      ['write'],
      () => new Response('no'),
    )(new Request(`${ISSUER}/api`, { headers: { Authorization: `Bearer ${access_token}` } }));
    expect(denied.status).toBe(403);
  });
});
