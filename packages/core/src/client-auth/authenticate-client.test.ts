import { describe, expect, test } from 'vitest';
import {
  basicAuth,
  codeExchange,
  createTestServer,
  expectError,
  expectToken,
  registerClient,
  seedCode,
  type TestClient,
  tokenRequest,
} from '../../test/helpers.js';
import { digestSecret } from '../crypto/digest.js';

const CLIENT_FAILED = {
  error: 'invalid_client',
  error_description: 'Client authentication failed.',
};
const BASIC_CHALLENGE = 'Basic realm="oauthkit"';

const cc = { grant_type: 'client_credentials' };

function authenticatedMethod(server: ReturnType<typeof createTestServer>['server']) {
  const methods: string[] = [];
  server.on('clientAuthenticated', ({ method }) => methods.push(method));
  return methods;
}

describe('client_secret_basic', () => {
  test('authenticates a client registered for it (the default method)', async () => {
    const { server, stores } = createTestServer();
    const methods = authenticatedMethod(server);
    const client = await registerClient(stores);
    await expectToken(await server.createTokenResponse(tokenRequest(cc, { basic: client })));
    expect(methods).toEqual(['client_secret_basic']);
  });

  test.each([
    ['a space as +', 'a b', 'x y', 'a+b:x+y'],
    ['percent-escapes', 'c:d', 's%t+', 'c%3Ad:s%25t%2B'],
  ])(
    'the id and secret are form-urldecoded after base64 (RFC 6749 2.3.1): %s',
    async (_, clientId, secret, encoded) => {
      const { server, stores } = createTestServer();
      await registerClient(stores, { clientId, secret });
      const authorization = `Basic ${Buffer.from(encoded).toString('base64')}`;
      await expectToken(
        await server.createTokenResponse(tokenRequest(cc, { headers: { authorization } })),
      );
    },
  );

  test('the scheme name is case-insensitive', async () => {
    const { server, stores } = createTestServer();
    const client = await registerClient(stores);
    const header = basicAuth(client.clientId, client.secret!).replace('Basic', 'bAsIc');
    await expectToken(
      await server.createTokenResponse(tokenRequest(cc, { headers: { authorization: header } })),
    );
  });

  test.each([
    ['not base64', 'Basic %%%'],
    ['no colon', `Basic ${Buffer.from('justanid').toString('base64')}`],
    ['an empty id', `Basic ${Buffer.from(':secret').toString('base64')}`],
    ['a bad percent-escape', `Basic ${Buffer.from('id%zz:secret').toString('base64')}`],
    ['no credentials at all', 'Basic'],
  ])('a header with %s is 401 with the Basic challenge', async (_, authorization) => {
    const { server } = createTestServer();
    const response = await server.createTokenResponse(
      tokenRequest(cc, { headers: { authorization } }),
    );
    expect(response.headers.get('www-authenticate')).toBe(BASIC_CHALLENGE);
    expect(await expectError(response, 401, 'invalid_client')).toEqual(CLIENT_FAILED);
  });

  test('a client_id in the body must name the Basic client', async () => {
    const { server, stores } = createTestServer();
    const client = await registerClient(stores);
    await expectToken(
      await server.createTokenResponse(
        tokenRequest({ ...cc, client_id: client.clientId }, { basic: client }),
      ),
    );
    await expectError(
      await server.createTokenResponse(
        tokenRequest({ ...cc, client_id: 'someone-else' }, { basic: client }),
      ),
      400,
      'invalid_request',
      'The client_id does not match the authenticated client.',
    );
  });

  test('a client registered for client_secret_post may not use Basic: 401 with the challenge', async () => {
    const { server, stores } = createTestServer();
    const client = await registerClient(stores, { tokenEndpointAuthMethod: 'client_secret_post' });
    const response = await server.createTokenResponse(tokenRequest(cc, { basic: client }));
    expect(response.headers.get('www-authenticate')).toBe(BASIC_CHALLENGE);
    expect(await expectError(response, 401, 'invalid_client')).toEqual(CLIENT_FAILED);
  });

  test('a custom realm appears in the challenge', async () => {
    const { server } = createTestServer({ config: { realm: 'tenant-a' } });
    const response = await server.createTokenResponse(
      tokenRequest(cc, { basic: { clientId: 'x', secret: 'y' } }),
    );
    expect(response.headers.get('www-authenticate')).toBe('Basic realm="tenant-a"');
    await expectError(response, 401, 'invalid_client');
  });
});

describe('client_secret_post', () => {
  test('authenticates a client registered for it', async () => {
    const { server, stores } = createTestServer();
    const methods = authenticatedMethod(server);
    const client = await registerClient(stores, { tokenEndpointAuthMethod: 'client_secret_post' });
    await expectToken(await server.createTokenResponse(tokenRequest(cc, { post: client })));
    expect(methods).toEqual(['client_secret_post']);
  });

  test('a client registered for client_secret_basic may not use the body: 401, no challenge', async () => {
    const { server, stores } = createTestServer();
    const client = await registerClient(stores);
    const response = await server.createTokenResponse(tokenRequest(cc, { post: client }));
    expect(response.headers.get('www-authenticate')).toBeNull();
    expect(await expectError(response, 401, 'invalid_client')).toEqual(CLIENT_FAILED);
    expect(stores.dump().tokens).toEqual([]);
  });

  test('a client_secret without client_id is 401', async () => {
    const { server, stores } = createTestServer();
    await registerClient(stores, { tokenEndpointAuthMethod: 'client_secret_post' });
    const response = await server.createTokenResponse(
      tokenRequest({ ...cc, client_secret: 'whatever' }),
    );
    expect(await expectError(response, 401, 'invalid_client')).toEqual(CLIENT_FAILED);
  });
});

describe('none (public clients)', () => {
  async function publicSetup() {
    const setup = createTestServer();
    const client = await registerClient(setup.stores, { tokenEndpointAuthMethod: 'none' });
    return { ...setup, client };
  }

  test('a public client identifies itself with client_id alone', async () => {
    const { server, stores, client } = await publicSetup();
    const methods = authenticatedMethod(server);
    const seeded = await seedCode(stores, { clientId: client.clientId });
    await expectToken(
      await server.createTokenResponse(
        tokenRequest(codeExchange(seeded), { publicClient: client }),
      ),
    );
    expect(methods).toEqual(['none']);
  });

  test('a confidential client may not leave its secret out', async () => {
    const { server, stores } = createTestServer();
    const client = await registerClient(stores);
    const seeded = await seedCode(stores, { clientId: client.clientId });
    const response = await server.createTokenResponse(
      tokenRequest(codeExchange(seeded), { publicClient: client }),
    );
    expect(await expectError(response, 401, 'invalid_client')).toEqual(CLIENT_FAILED);
    expect(stores.dump().tokens).toEqual([]);
  });

  test('a public client sending a secret is 401 (it has none to check)', async () => {
    const { server, stores, client } = await publicSetup();
    const seeded = await seedCode(stores, { clientId: client.clientId });
    const withSecret: TestClient = { clientId: client.clientId, secret: 'made-up' };
    for (const auth of [{ post: withSecret }, { basic: withSecret }]) {
      const response = await server.createTokenResponse(tokenRequest(codeExchange(seeded), auth));
      expect(await expectError(response, 401, 'invalid_client')).toEqual(CLIENT_FAILED);
    }
  });

  test('an unknown public client_id is the same 401', async () => {
    const { server } = await publicSetup();
    const response = await server.createTokenResponse(
      tokenRequest(cc, { publicClient: { clientId: 'ghost', secret: undefined } }),
    );
    expect(await expectError(response, 401, 'invalid_client')).toEqual(CLIENT_FAILED);
  });
});

describe('no or several methods', () => {
  test('no client authentication at all is 401 invalid_client', async () => {
    const { server } = createTestServer();
    const response = await server.createTokenResponse(tokenRequest(cc));
    expect(response.headers.get('www-authenticate')).toBeNull();
    expect(await expectError(response, 401, 'invalid_client')).toEqual(CLIENT_FAILED);
  });

  test('Basic plus client_secret in the body is invalid_request, even for a wrong secret', async () => {
    const { server, stores } = createTestServer();
    const client = await registerClient(stores);
    const response = await server.createTokenResponse(
      tokenRequest(cc, { basic: client, post: { ...client, secret: 'wrong' } }),
    );
    await expectError(
      response,
      400,
      'invalid_request',
      'The request uses more than one client authentication method.',
    );
  });
});

describe('secret lifetime', () => {
  test('an expired secret is refused like a wrong one; a future expiry is accepted', async () => {
    const { server, stores } = createTestServer();
    const secret = 'a-long-enough-client-secret-value';
    const save = (clientId: string, expiresAt: Date) =>
      stores.clients.saveClient({
        clientId,
        clientSecretDigest: digestSecret(secret),
        clientIdIssuedAt: new Date(),
        clientSecretExpiresAt: expiresAt,
        metadata: {
          redirectUris: [],
          grantTypes: ['client_credentials'],
          responseTypes: [],
          scope: '',
          tokenEndpointAuthMethod: 'client_secret_basic',
        },
      });
    await save('expired', new Date(Date.now() - 1000));
    await save('current', new Date(Date.now() + 60_000));
    const expired = await server.createTokenResponse(
      tokenRequest(cc, { basic: { clientId: 'expired', secret } }),
    );
    expect(await expectError(expired, 401, 'invalid_client')).toEqual(CLIENT_FAILED);
    await expectToken(
      await server.createTokenResponse(
        tokenRequest(cc, { basic: { clientId: 'current', secret } }),
      ),
    );
  });
});
