import { describe, expect, test } from 'vitest';
import { createTestServer, ISSUER } from '../../test/helpers.js';
import type { ClientAuthMethod } from '../client-auth/client-auth-method.js';
import { createImplicitGrant } from '../grants/implicit-grant.js';
import { createPasswordGrant } from '../grants/password-grant.js';
import { METADATA_PATH } from './metadata-endpoint.js';

// Authorization server metadata (RFC 8414), generated from what is registered.

const DEFAULT_METADATA = {
  issuer: ISSUER,
  authorization_endpoint: `${ISSUER}/authorize`,
  token_endpoint: `${ISSUER}/token`,
  revocation_endpoint: `${ISSUER}/revoke`,
  introspection_endpoint: `${ISSUER}/introspect`,
  response_types_supported: ['code'],
  response_modes_supported: ['query'],
  grant_types_supported: ['authorization_code', 'refresh_token', 'client_credentials'],
  token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'none'],
  revocation_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'none'],
  // A bare client_id proves nothing: RFC 7662 2.1 wants the caller authorized.
  introspection_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
  code_challenge_methods_supported: ['S256'],
  authorization_response_iss_parameter_supported: true,
};

const metadataRequest = (method = 'GET') => new Request(`${ISSUER}${METADATA_PATH}`, { method });

describe('metadata (RFC 8414)', () => {
  test('the default server: exactly what is registered', async () => {
    const { server } = createTestServer();
    expect(await server.metadata()).toStrictEqual(DEFAULT_METADATA);
  });

  test('SECURITY 6: authorization_response_iss_parameter_supported is true', async () => {
    const { server } = createTestServer();
    expect((await server.metadata()).authorization_response_iss_parameter_supported).toBe(true);
  });

  test('served as JSON on GET; other methods get 405', async () => {
    const { server } = createTestServer();
    const response = await server.createEndpointResponse('metadata', metadataRequest());
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json;charset=UTF-8');
    expect(await response.json()).toStrictEqual(DEFAULT_METADATA);
    const post = await server.createEndpointResponse('metadata', metadataRequest('POST'));
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
  });

  test('registering implicit and password makes them appear', async () => {
    const { server } = createTestServer();
    server.registerGrant(createImplicitGrant());
    server.registerGrant(createPasswordGrant({ authenticateUser: async () => null }));
    const metadata = await server.metadata();
    expect(metadata.response_types_supported).toEqual(['code', 'token']);
    expect(metadata.response_modes_supported).toEqual(['query', 'fragment']);
    expect(metadata.grant_types_supported).toEqual([
      'authorization_code',
      'refresh_token',
      'client_credentials',
      'password',
      'implicit',
    ]);
    const served = await server.createEndpointResponse('metadata', metadataRequest());
    expect(await served.json()).toStrictEqual(metadata);
  });

  test('only the grants given are listed', async () => {
    const { server } = createTestServer({ grants: [createImplicitGrant()] });
    const metadata = await server.metadata();
    expect(metadata.response_types_supported).toEqual(['token']);
    expect(metadata.grant_types_supported).toEqual(['implicit']);
  });

  test('PKCE methods, scopes and client auth methods follow the configuration', async () => {
    const { server } = createTestServer({
      config: { pkceMethods: ['S256', 'plain'], scopesSupported: ['read', 'write'] },
    });
    const custom: ClientAuthMethod = {
      name: 'tls_client_auth',
      detect: () => 'absent',
      credentials: () => ({ clientId: '' }),
      verify: () => false,
    };
    server.registerClientAuthMethod(custom);
    const metadata = await server.metadata();
    expect(metadata.code_challenge_methods_supported).toEqual(['S256', 'plain']);
    expect(metadata.scopes_supported).toEqual(['read', 'write']);
    const methods = ['client_secret_basic', 'client_secret_post', 'none', 'tls_client_auth'];
    expect(metadata.token_endpoint_auth_methods_supported).toEqual(methods);
    expect(metadata.revocation_endpoint_auth_methods_supported).toEqual(methods);
    // A bare client_id proves nothing: introspection accepts every method but none.
    expect(metadata.introspection_endpoint_auth_methods_supported).toEqual(
      methods.filter((m) => m !== 'none'),
    );
  });

  test('endpoints come from config.endpoints: paths below the issuer, or absolute URLs', async () => {
    const issuer = 'https://as.example/tenant';
    const { server } = createTestServer({
      config: {
        issuer,
        endpoints: {
          authorization: '/oauth/authorize',
          token: 'https://tokens.example/oauth/token',
        },
      },
    });
    expect(await server.metadata()).toMatchObject({
      issuer,
      authorization_endpoint: 'https://as.example/tenant/oauth/authorize',
      token_endpoint: 'https://tokens.example/oauth/token',
      revocation_endpoint: 'https://as.example/tenant/revoke',
      introspection_endpoint: 'https://as.example/tenant/introspect',
    });
  });

  test('a bad endpoint URL or issuer is a TypeError at construction', () => {
    expect(() => createTestServer({ config: { endpoints: { token: 'http://[bad' } } })).toThrow(
      TypeError,
    );
    expect(() => createTestServer({ config: { issuer: 'http://as.example' } })).toThrow(TypeError);
    expect(() => createTestServer({ config: { issuer: 'https://as.example/?x=1' } })).toThrow(
      TypeError,
    );
  });
});
