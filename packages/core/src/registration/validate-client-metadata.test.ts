import { describe, expect, test } from 'vitest';
import { createTestServer, ISSUER, REDIRECT_URI } from '../../test/helpers.js';
import { createAuthorizationCodeGrant } from '../grants/authorization-code-grant.js';
import { createClientCredentialsGrant } from '../grants/client-credentials-grant.js';
import { createImplicitGrant } from '../grants/implicit-grant.js';
import { createRefreshTokenGrant } from '../grants/refresh-token-grant.js';
import { REGISTRATION_LIMITS } from './registration-limits.js';

const URI = REDIRECT_URI;
const many = (n: number, f: (i: number) => string) => Array.from({ length: n }, (_, i) => f(i));
const PRIVATE_JWK = { kty: 'EC', crv: 'P-256', x: 'x', y: 'y', d: 'd' };
const PUBLIC_JWK = { kty: 'EC', crv: 'P-256', x: 'x', y: 'y' };

type Row = [title: string, metadata: Record<string, unknown>, error: string];

/** Bad metadata and the RFC 7591 3.2.2 error each must get (SECURITY.md 3, 33, 41). */
const ROWS: Row[] = [
  ['no redirect_uris for authorization_code', {}, 'invalid_redirect_uri'],
  ['empty redirect_uris', { redirect_uris: [] }, 'invalid_redirect_uri'],
  ['redirect_uris not an array', { redirect_uris: URI }, 'invalid_redirect_uri'],
  ['a redirect URI that is not a string', { redirect_uris: [42] }, 'invalid_redirect_uri'],
  ['a relative redirect URI', { redirect_uris: ['/cb'] }, 'invalid_redirect_uri'],
  ['a fragment', { redirect_uris: ['https://app.example/cb#x'] }, 'invalid_redirect_uri'],
  ['a wildcard host', { redirect_uris: ['https://*.app.example/cb'] }, 'invalid_redirect_uri'],
  ['a wildcard path', { redirect_uris: ['https://app.example/*'] }, 'invalid_redirect_uri'],
  ['userinfo', { redirect_uris: ['https://u:p@app.example/cb'] }, 'invalid_redirect_uri'],
  ['plain http', { redirect_uris: ['http://app.example/cb'] }, 'invalid_redirect_uri'],
  ['javascript:', { redirect_uris: ['javascript:alert(1)'] }, 'invalid_redirect_uri'],
  ['data:', { redirect_uris: ['data:text/html,x'] }, 'invalid_redirect_uri'],
  ['file:', { redirect_uris: ['file:///etc/passwd'] }, 'invalid_redirect_uri'],
  ['leading whitespace', { redirect_uris: [' https://app.example/cb'] }, 'invalid_redirect_uri'],
  [
    'code in the query',
    { redirect_uris: ['https://app.example/cb?code=1'] },
    'invalid_redirect_uri',
  ],
  [
    'state in the query',
    { redirect_uris: ['https://app.example/cb?state=1'] },
    'invalid_redirect_uri',
  ],
  ['iss in the query', { redirect_uris: ['https://app.example/cb?iss=1'] }, 'invalid_redirect_uri'],
  [
    'error in the query',
    { redirect_uris: ['https://app.example/cb?error=1'] },
    'invalid_redirect_uri',
  ],
  [
    'http://localhost, even for a native client',
    { application_type: 'native', redirect_uris: ['http://localhost:8080/cb'] },
    'invalid_redirect_uri',
  ],
  [
    'loopback http for a web client',
    { redirect_uris: ['http://127.0.0.1/cb'] },
    'invalid_redirect_uri',
  ],
  [
    'a private-use scheme for a web client',
    { redirect_uris: ['com.example.app:/cb'] },
    'invalid_redirect_uri',
  ],
  [
    'too many redirect URIs',
    {
      redirect_uris: many(REGISTRATION_LIMITS.redirectUris + 1, (i) => `https://app.example/${i}`),
    },
    'invalid_redirect_uri',
  ],
  ['a redirect URI listed twice', { redirect_uris: [URI, URI] }, 'invalid_redirect_uri'],
  [
    'a redirect URI too long',
    { redirect_uris: [`https://app.example/${'a'.repeat(REGISTRATION_LIMITS.uriLength)}`] },
    'invalid_redirect_uri',
  ],
  [
    'a bad post_logout_redirect_uri',
    { redirect_uris: [URI], post_logout_redirect_uris: ['http://app.example/bye'] },
    'invalid_redirect_uri',
  ],
  [
    'an unknown grant type',
    { redirect_uris: [URI], grant_types: ['magic'] },
    'invalid_client_metadata',
  ],
  [
    'a grant type the server does not serve (password)',
    { redirect_uris: [URI], grant_types: ['authorization_code', 'password'] },
    'invalid_client_metadata',
  ],
  [
    'response type code without authorization_code',
    { grant_types: ['client_credentials'], response_types: ['code'] },
    'invalid_client_metadata',
  ],
  [
    'authorization_code without response type code',
    { redirect_uris: [URI], grant_types: ['authorization_code'], response_types: [] },
    'invalid_client_metadata',
  ],
  [
    'response type token without implicit',
    { redirect_uris: [URI], response_types: ['code', 'token'] },
    'invalid_client_metadata',
  ],
  [
    'implicit without response type token',
    {
      redirect_uris: [URI],
      grant_types: ['authorization_code', 'implicit'],
      response_types: ['code'],
    },
    'invalid_client_metadata',
  ],
  [
    'an unknown response type',
    { redirect_uris: [URI], response_types: ['code', 'magic'] },
    'invalid_client_metadata',
  ],
  [
    'grant_types not an array',
    { redirect_uris: [URI], grant_types: 'authorization_code' },
    'invalid_client_metadata',
  ],
  [
    'an unsupported token_endpoint_auth_method',
    { redirect_uris: [URI], token_endpoint_auth_method: 'client_secret_jwt' },
    'invalid_client_metadata',
  ],
  [
    'a public client with client_credentials',
    { grant_types: ['client_credentials'], token_endpoint_auth_method: 'none' },
    'invalid_client_metadata',
  ],
  [
    'jwks and jwks_uri together',
    { redirect_uris: [URI], jwks: { keys: [PUBLIC_JWK] }, jwks_uri: 'https://app.example/jwks' },
    'invalid_client_metadata',
  ],
  [
    'a private key in jwks',
    { redirect_uris: [URI], jwks: { keys: [PRIVATE_JWK] } },
    'invalid_client_metadata',
  ],
  [
    'jwks that is not a key set',
    { redirect_uris: [URI], jwks: [PUBLIC_JWK] },
    'invalid_client_metadata',
  ],
  [
    'an http jwks_uri',
    { redirect_uris: [URI], jwks_uri: 'http://app.example/jwks' },
    'invalid_client_metadata',
  ],
  [
    'too many keys in jwks',
    {
      redirect_uris: [URI],
      jwks: { keys: many(REGISTRATION_LIMITS.jwksKeys + 1, () => 'x').map(() => PUBLIC_JWK) },
    },
    'invalid_client_metadata',
  ],
  [
    'private_key_jwt without keys',
    { redirect_uris: [URI], token_endpoint_auth_method: 'private_key_jwt' },
    'invalid_client_metadata',
  ],
  [
    'an HMAC token_endpoint_auth_signing_alg',
    { redirect_uris: [URI], token_endpoint_auth_signing_alg: 'HS256' },
    'invalid_client_metadata',
  ],
  [
    'a scope outside the policy',
    { redirect_uris: [URI], scope: 'read admin' },
    'invalid_client_metadata',
  ],
  [
    'a malformed scope',
    { redirect_uris: [URI], scope: 'read "quoted"' },
    'invalid_client_metadata',
  ],
  ['scope not a string', { redirect_uris: [URI], scope: ['read'] }, 'invalid_client_metadata'],
  ['an empty client_name', { redirect_uris: [URI], client_name: '' }, 'invalid_client_metadata'],
  [
    'a client_name too long',
    { redirect_uris: [URI], client_name: 'x'.repeat(REGISTRATION_LIMITS.textLength + 1) },
    'invalid_client_metadata',
  ],
  [
    'a client_name with a control character',
    { redirect_uris: [URI], client_name: 'a\nb' },
    'invalid_client_metadata',
  ],
  [
    'a bad language tag',
    { redirect_uris: [URI], 'client_name#not a tag': 'x' },
    'invalid_client_metadata',
  ],
  [
    'one language given twice (tags are case-insensitive)',
    { redirect_uris: [URI], 'client_name#fr': 'a', 'client_name#FR': 'b' },
    'invalid_client_metadata',
  ],
  [
    'too many languages',
    {
      redirect_uris: [URI],
      ...Object.fromEntries(
        many(REGISTRATION_LIMITS.languageTags + 1, (i) => `client_name#x${i}`).map((k) => [k, 'n']),
      ),
    },
    'invalid_client_metadata',
  ],
  [
    'an http logo_uri',
    { redirect_uris: [URI], logo_uri: 'http://app.example/logo.png' },
    'invalid_client_metadata',
  ],
  [
    'a tagged javascript: client_uri',
    { redirect_uris: [URI], 'client_uri#fr': 'javascript:x' },
    'invalid_client_metadata',
  ],
  [
    'too many contacts',
    {
      redirect_uris: [URI],
      contacts: many(REGISTRATION_LIMITS.contacts + 1, (i) => `a${i}@x.example`),
    },
    'invalid_client_metadata',
  ],
  [
    'an unknown application_type',
    { redirect_uris: [URI], application_type: 'desktop' },
    'invalid_client_metadata',
  ],
  [
    'too many members',
    {
      redirect_uris: [URI],
      ...Object.fromEntries(many(REGISTRATION_LIMITS.members, (i) => `x${i}`).map((k) => [k, 1])),
    },
    'invalid_client_metadata',
  ],
  [
    'an HMAC id_token_signed_response_alg',
    { redirect_uris: [URI], id_token_signed_response_alg: 'HS256' },
    'invalid_client_metadata',
  ],
  [
    'id_token_signed_response_alg none',
    { redirect_uris: [URI], id_token_signed_response_alg: 'none' },
    'invalid_client_metadata',
  ],
  [
    'a pairwise subject_type',
    { redirect_uris: [URI], subject_type: 'pairwise' },
    'invalid_client_metadata',
  ],
  [
    'a negative default_max_age',
    { redirect_uris: [URI], default_max_age: -1 },
    'invalid_client_metadata',
  ],
  [
    'a default_max_age as text',
    { redirect_uris: [URI], default_max_age: '60' },
    'invalid_client_metadata',
  ],
  ['a body that is an array', [] as unknown as Record<string, unknown>, 'invalid_client_metadata'],
  [
    'a software statement when none are accepted',
    { redirect_uris: [URI], software_statement: 'a.b.c' },
    'invalid_software_statement',
  ],
];

describe('bad metadata -> the RFC 7591 error for each', () => {
  const { server } = createTestServer({
    grants: [
      createAuthorizationCodeGrant(),
      createImplicitGrant(),
      createRefreshTokenGrant(),
      createClientCredentialsGrant(),
    ],
    registration: { access: 'open', scopes: ['read', 'write'] },
  });

  test('the table has at least 25 rows', () => {
    expect(ROWS.length).toBeGreaterThanOrEqual(25);
  });

  test.each(ROWS)('%s -> %s', async (_title, metadata, error) => {
    const response = await server.createEndpointResponse(
      'registration',
      new Request(`${ISSUER}/register`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(metadata),
      }),
    );
    const body = (await response.json()) as { error: string; error_description?: string };
    expect(response.status, JSON.stringify(body)).toBe(400);
    expect(body.error).toBe(error);
    expect(response.headers.get('cache-control')).toBe('no-store');
  });

  test('the good counterpart of the rows registers', async () => {
    const response = await server.createEndpointResponse(
      'registration',
      new Request(`${ISSUER}/register`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          redirect_uris: [URI, 'https://app.example/cb?tenant=a'],
          grant_types: ['authorization_code', 'implicit', 'refresh_token'],
          response_types: ['code', 'token'],
          scope: 'read write',
          jwks: { keys: [PUBLIC_JWK] },
          'client_name#fr': 'Appli',
          logo_uri: 'https://app.example/logo.png',
          id_token_signed_response_alg: 'ES256',
          subject_type: 'public',
          default_max_age: 3600,
        }),
      }),
    );
    expect(response.status, await response.clone().text()).toBe(201);
    expect(await response.json()).toMatchObject({
      id_token_signed_response_alg: 'ES256',
      subject_type: 'public',
      default_max_age: 3600,
      'client_name#fr': 'Appli',
    });
  });
});
