import { describe, expect, test } from 'vitest';
import {
  createTestServer,
  expectError,
  expectToken,
  registerClient,
  tokenRequest,
} from '../../test/helpers.js';
import { InvalidClientError } from '../errors/errors.js';
import type { ClientAuthContext, ClientAuthMethod } from './client-auth-method.js';

// Issue: a method whose request also carries client_id (RFC 7523 private_key_jwt) must not
// be refused as two methods because `none` sees the client_id too.

const ASSERTION_TYPE = 'urn:example:client-key';
const seen: ClientAuthContext[] = [];

/** A credential-bearing method sent beside client_id, like private_key_jwt. */
const clientKey: ClientAuthMethod = {
  name: 'client_key',
  detect: (request) => {
    const type = request.form?.get('client_key_type');
    if (type === undefined) return 'absent';
    return type === ASSERTION_TYPE && request.form?.has('client_key') ? 'present' : 'malformed';
  },
  credentials: (request) => ({
    clientId: request.form?.get('client_id') ?? '',
    key: request.form?.get('client_key'),
  }),
  async verify(client, credentials, context) {
    seen.push(context);
    return credentials.key === `key-of-${client.clientId}`;
  },
  metadata: (prefix) => ({ [`${prefix}_client_key_types_supported`]: [ASSERTION_TYPE] }),
};

async function setup() {
  const { server, stores } = createTestServer();
  server.registerClientAuthMethod(clientKey);
  const client = await registerClient(stores, {
    tokenEndpointAuthMethod: 'client_key',
    grantTypes: ['client_credentials'],
  });
  const form = (key: string, extra: Record<string, string> = {}) => ({
    grant_type: 'client_credentials',
    client_id: client.clientId,
    client_key_type: ASSERTION_TYPE,
    client_key: key,
    ...extra,
  });
  return { server, stores, client, form };
}

describe('client authentication: absent, present, malformed', () => {
  test('a custom method sent together with client_id authenticates (none is only a fallback)', async () => {
    const { server, client, form } = await setup();
    const methods: string[] = [];
    server.on('clientAuthenticated', ({ method }) => methods.push(method));
    seen.length = 0;
    await expectToken(
      await server.createTokenResponse(tokenRequest(form(`key-of-${client.clientId}`))),
    );
    expect(methods).toEqual(['client_key']);
    // verify is lent the endpoint, its URL (an assertion audience) and the configuration.
    expect(seen[0]).toMatchObject({ endpoint: 'token', endpointUrl: 'https://as.example/token' });
    expect(seen[0]!.config.issuer).toBe('https://as.example');
  });

  test('a wrong key is 401 invalid_client', async () => {
    const { server, form } = await setup();
    await expectError(
      await server.createTokenResponse(tokenRequest(form('wrong'))),
      401,
      'invalid_client',
    );
  });

  test('malformed credentials are invalid_client, never handed to none', async () => {
    const { server, stores, client } = await setup();
    // Even a public client id with a malformed credential beside it is refused.
    const publicClient = await registerClient(stores, {
      tokenEndpointAuthMethod: 'none',
      grantTypes: ['client_credentials'],
    });
    for (const clientId of [client.clientId, publicClient.clientId]) {
      const response = await server.createTokenResponse(
        tokenRequest({
          grant_type: 'client_credentials',
          client_id: clientId,
          client_key_type: 'other',
        }),
      );
      await expectError(response, 401, 'invalid_client');
    }
  });

  test('two credential-bearing methods in one request are invalid_request', async () => {
    const { server, client, form } = await setup();
    const response = await server.createTokenResponse(
      tokenRequest(form(`key-of-${client.clientId}`, { client_secret: 'x' })),
    );
    await expectError(response, 400, 'invalid_request');
  });

  test('a malformed method beside another is still two methods', async () => {
    const { server, stores } = await setup();
    const confidential = await registerClient(stores, { grantTypes: ['client_credentials'] });
    const response = await server.createTokenResponse(
      tokenRequest(
        { grant_type: 'client_credentials', client_key_type: 'other' },
        { basic: confidential },
      ),
    );
    await expectError(response, 400, 'invalid_request');
  });

  test("a client registered for another method can't use this one", async () => {
    const { server, stores } = await setup();
    const confidential = await registerClient(stores, { grantTypes: ['client_credentials'] });
    const response = await server.createTokenResponse(
      tokenRequest({
        grant_type: 'client_credentials',
        client_id: confidential.clientId,
        client_key_type: ASSERTION_TYPE,
        client_key: `key-of-${confidential.clientId}`,
      }),
    );
    await expectError(response, 401, 'invalid_client');
  });

  test('credentials that throw are invalid_client with the method challenge', async () => {
    const { server, stores } = createTestServer();
    server.registerClientAuthMethod({
      name: 'header_key',
      detect: (request) => (request.headers.get('x-key') ? 'present' : 'absent'),
      credentials: () => {
        throw new InvalidClientError();
      },
      verify: () => true,
      challenge: () => ({ 'WWW-Authenticate': 'HeaderKey' }),
    });
    await registerClient(stores);
    const response = await server.createTokenResponse(
      tokenRequest({ grant_type: 'client_credentials' }, { headers: { 'x-key': '1' } }),
    );
    expect(response.headers.get('www-authenticate')).toBe('HeaderKey');
    await expectError(response, 401, 'invalid_client');
  });

  test('the metadata lists the method per endpoint, with what it adds', async () => {
    const { server } = await setup();
    const metadata = await server.metadata();
    expect(metadata.token_endpoint_auth_methods_supported).toContain('client_key');
    expect(metadata.token_endpoint_client_key_types_supported).toEqual([ASSERTION_TYPE]);
    expect(metadata.introspection_endpoint_client_key_types_supported).toEqual([ASSERTION_TYPE]);
  });
});

describe('the endpoint decides which methods it accepts', () => {
  test('introspection refuses none by default: a bare client_id is 401', async () => {
    const { server, stores } = createTestServer();
    const publicClient = await registerClient(stores, { tokenEndpointAuthMethod: 'none' });
    const response = await server.createEndpointResponse(
      'introspection',
      new Request('https://as.example/introspect', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ token: 'x', client_id: publicClient.clientId }),
      }),
    );
    await expectError(response, 401, 'invalid_client');
    expect((await server.metadata()).introspection_endpoint_auth_methods_supported).not.toContain(
      'none',
    );
  });

  test('a custom endpoint that authenticates clients accepts only what it says', async () => {
    const { server, stores } = createTestServer();
    server.registerEndpoint({
      name: 'whoami',
      path: '/whoami',
      metadataKey: 'whoami_endpoint',
      clientAuth: { accepts: (m) => m.name === 'client_secret_post' },
      async handle(request, services) {
        const { client, method } = await services.authenticateClient(request, 'whoami');
        return {
          status: 200,
          headers: {},
          body: JSON.stringify({ client: client.clientId, method }),
        };
      },
    });
    const post = await registerClient(stores, { tokenEndpointAuthMethod: 'client_secret_post' });
    const basic = await registerClient(stores);
    const call = (body: Record<string, string>, headers: Record<string, string> = {}) =>
      server.createEndpointResponse(
        'whoami',
        new Request('https://as.example/whoami', {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
          body: new URLSearchParams(body),
        }),
      );
    const ok = await call({ client_id: post.clientId, client_secret: post.secret! });
    expect(await ok.json()).toEqual({ client: post.clientId, method: 'client_secret_post' });
    const refused = await call(
      {},
      {
        authorization: `Basic ${Buffer.from(`${basic.clientId}:${basic.secret}`).toString('base64')}`,
      },
    );
    expect(refused.status).toBe(401);
    expect((await server.metadata()).whoami_endpoint_auth_methods_supported).toEqual([
      'client_secret_post',
    ]);
  });
});
